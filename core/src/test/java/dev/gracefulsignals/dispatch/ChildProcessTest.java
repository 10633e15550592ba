package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signals that end a JVM, sent to a child JVM. */
class ChildProcessTest {

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void takingTermKeepsTheJvmAliveAndLettingGoRestoresExitWith143(Backend backend) throws Exception {
        try (ChildJvm child = ChildJvm.start(TermChild.class, List.of(), backend.name())) {
            child.awaitLine("ready backend=" + backend);
            Kill.process(child.pid(), Signal.TERM);
            String got = child.awaitLine("got SIGTERM");
            if (backend == Backend.NATIVE) {
                assertThat(got).endsWith("from pid " + ProcessHandle.current().pid() + " uid " + dev.gracefulsignals.internal.LibC.getuid());
            }
            // A second TERM taken too shows the process outlived the first one, with no wait by the clock.
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("got SIGTERM");
            assertThat(child.process().isAlive()).as("TERM was taken, so the JVM must not exit").isTrue();

            child.send("release");
            child.awaitLine("released");
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
        }
    }
}
