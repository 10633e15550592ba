package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.bridgechild.BridgeChildApp;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/** What the bridge logs, in child JVMs that take TERM, INT and HUP. */
class SignalBridgeChildJvmTest {

    @Test
    void theStartupLineListsSignalsByNumberAndNamesThoseLeftIgnoredWithTheProperty() throws Exception {
        // As a script's "java ... &" leaves it: INT inherited as ignored.
        try (ChildJvm child = ChildJvm.startIgnoring("INT", BridgeChildApp.class, List.of())) {
            String line = child.awaitLine(text -> text.contains("Graceful Signals handles"), Duration.ofSeconds(60));
            assertThat(line).contains("handles HUP=reload, TERM=shutdown (")
                    .contains("left INT ignored")
                    .contains("graceful.take-ignored=true")
                    .doesNotContain("INT=shutdown");
            child.awaitLine("ready");
            child.send("exit");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void onTheJvmBackendTheWarningNamesAFixThatWorksThere() throws Exception {
        // HotSpot installs nothing over an inherited SIG_IGN: graceful.take-ignored cannot help the jvm backend.
        try (ChildJvm child = ChildJvm.startIgnoring("INT", BridgeChildApp.class, List.of(), "--graceful.backend=jvm")) {
            String line = child.awaitLine(text -> text.contains("Graceful Signals handles"), Duration.ofSeconds(60));
            assertThat(line).contains("left INT ignored").contains("jvm backend").contains("env --default-signal")
                    .doesNotContain("graceful.take-ignored=true");
            child.awaitLine("ready");
            child.send("exit");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void hupIsLoggedBeforeTheReloadRuns() throws Exception {
        try (ChildJvm child = ChildJvm.start(BridgeChildApp.class, List.of())) {
            child.awaitLine("ready");
            Kill.process(child.pid(), Signal.HUP);
            child.awaitLine("reloading on SIGHUP");
            String output = child.output();
            assertThat(output.indexOf("Received SIGHUP")).as(output).isNotNegative().isLessThan(output.indexOf("reloading on SIGHUP"));
            assertThat(output.split("reloading on SIGHUP", -1)).as("one reload event").hasSize(2);
            child.send("exit");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }
}
