package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.Received;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a process started while we hold signals inherits from us: nothing (the pipe test is in NativeInstallTest). */
class ChildHygieneTest {

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void aChildProcessStartsWithDefaultDispositionsForTheSignalsWeHold(Backend backend) throws Exception {
        List<Signal> held = List.of(Signal.USR1, Signal.WINCH, Signal.ALRM);
        try (Subscription subscription = Signals.subscribe(held, SubscribeOptions.defaults().backend(backend), new Received())) {
            // cat installs no handler of its own: its SigCgt/SigIgn are exactly what it inherited.
            Process cat = new ProcessBuilder("cat", "/proc/self/status").start();
            String status = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cat.waitFor()).isZero();
            BigInteger caught = mask(status, "SigCgt");
            BigInteger ignored = mask(status, "SigIgn");
            assertThat(caught).as("handlers are reset to SIG_DFL across exec").isEqualTo(BigInteger.ZERO);
            for (Signal signal : held) {
                assertThat(ignored.testBit(signal.number() - 1)).as(signal + " ignored in the child").isFalse();
            }
        }
    }

    private static BigInteger mask(String status, String field) {
        return status.lines().filter(line -> line.startsWith(field + ":"))
                .map(line -> new BigInteger(line.substring(field.length() + 1).strip(), 16))
                .findFirst().orElseThrow();
    }
}
