package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Faults injected in child JVMs: each must be survived, or end in the JVM's own behaviour, never in a hang. */
class FaultToleranceTest {

    @Test
    void aListenerThatCallsSystemExitWhileAShutdownHookUnsubscribesStillExits() throws Exception {
        try (ChildJvm child = ChildJvm.start(FaultChild.class, List.of(), "exit-in-listener")) {
            child.awaitLine("ready");
            Kill.process(child.pid(), Signal.USR1);
            // Closing the subscription must not wait for the dispatcher thread, which is inside System.exit.
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as(child.output()).isEqualTo(3);
        }
    }

    @Test
    void aDispatcherWhosePipeBreaksGivesTheSignalsBackToTheJvm() throws Exception {
        try (ChildJvm child = ChildJvm.start(FaultChild.class, List.of(), "broken-pipe")) {
            child.awaitLine("ready");
            child.send("break");
            child.awaitLine("broken");
            child.awaitLine(line -> line.contains("restored the previous handlers of [SIGUSR1, SIGTERM]"), Duration.ofSeconds(30));
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as("the JVM's own TERM handling is back").isEqualTo(143);
        }
    }

    @ParameterizedTest
    @CsvSource({"NATIVE,false,[SIGHUP],false", "NATIVE,true,[],true", "JVM,false,[SIGHUP],false", "JVM,true,[SIGHUP],false"})
    void anInheritedIgnoredHupIsRespectedAndOnlyTheNativeBackendCanForceIt(Backend backend, boolean force, String leftIgnored,
                                                                          boolean delivered) throws Exception {
        try (ChildJvm child = ChildJvm.startIgnoring("HUP", FaultChild.class, List.of(), "ignored-hup", backend.name(),
                Boolean.toString(force))) {
            assertThat(child.awaitLine("ready")).endsWith("leftIgnored=" + leftIgnored);
            Kill.process(child.pid(), Signal.HUP);
            if (delivered) {
                child.awaitLine("got SIGHUP");
            } else {
                Thread.sleep(500);
                assertThat(child.output()).doesNotContain("got SIGHUP");
            }
            assertThat(child.process().isAlive()).as("an ignored HUP does not end the process").isTrue();
        }
    }
}
