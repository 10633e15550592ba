package dev.gracefulsignals.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The test support itself: what a child JVM inherits from the test JVM. */
class ChildJvmTest {

    @Test
    void aChildStartsWithDefaultDispositionsWhateverThisJvmIgnores() throws Exception {
        // URG: no test uses it, and its default action is to do nothing, so ignoring it for a moment is harmless.
        Signal urg = new Signal("URG");
        SignalHandler previous = Signal.handle(urg, SignalHandler.SIG_IGN);
        try {
            assertThat(DefaultDispositions.ignored()).as("this JVM now ignores URG").contains("SIGURG");
            try (ChildJvm child = ChildJvm.start(PrintIgnored.class, List.of())) {
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isZero();
                assertThat(child.output()).contains("ignored=[]");
            }
        } finally {
            Signal.handle(urg, previous);
        }
    }

    /** Prints the signals it ignores. */
    public static final class PrintIgnored {

        public static void main(String[] args) {
            System.out.println("ignored=" + DefaultDispositions.ignored());
        }
    }
}
