package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.dispatch.SubscribeOptions;
import dev.gracefulsignals.dispatch.Subscription;
import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.NativeCapture.InstalledAction;
import dev.gracefulsignals.testing.Kill;
import dev.gracefulsignals.testing.Received;
import org.junit.jupiter.api.Test;
import sun.misc.SignalHandler;

/** What the native backend does to the process: the installed actions and the pipe's file descriptors. */
class NativeInstallTest {

    private static final int SA_SIGINFO = 4;
    private static final int SA_RESTART = 0x10000000;
    private static final SubscribeOptions NATIVE = SubscribeOptions.defaults().backend(Backend.NATIVE);

    @Test
    void installsWithSiginfoAndRestartThenRestoresTheJvmsOwnAction() {
        InstalledAction before = NativeCapture.query(Signal.HUP);
        assertThat(before.ours()).isFalse();
        try (Subscription subscription = Signals.subscribe(List.of(Signal.HUP), NATIVE, new Received())) {
            InstalledAction during = NativeCapture.query(Signal.HUP);
            assertThat(during.ours()).isTrue();
            assertThat(during.flags() & (SA_SIGINFO | SA_RESTART)).isEqualTo(SA_SIGINFO | SA_RESTART);
            assertThat(Signals.isHandlerInstalled(Signal.HUP)).isTrue();
        }
        InstalledAction after = NativeCapture.query(Signal.HUP);
        assertThat(after.handler()).isEqualTo(before.handler());
        assertThat(after.flags()).isEqualTo(before.flags());
    }

    @Test
    void anEvictedHandlerIsReportedAndTheEvictorsHandlerIsNotRestoredOver() throws Exception {
        CountDownLatch theirsRan = new CountDownLatch(1);
        sun.misc.Signal usr1 = new sun.misc.Signal("USR1");
        try (Subscription subscription = Signals.subscribe(List.of(Signal.USR1), NATIVE, new Received())) {
            sun.misc.Signal.handle(usr1, signal -> theirsRan.countDown());
            assertThat(Signals.isHandlerInstalled(Signal.USR1)).isFalse();
        }
        try {
            assertThat(NativeCapture.query(Signal.USR1).ours()).isFalse();
            Kill.self(Signal.USR1);
            assertThat(theirsRan.await(10, TimeUnit.SECONDS)).as("the evicting handler still runs after we let go").isTrue();
        } finally {
            sun.misc.Signal.handle(usr1, SignalHandler.SIG_DFL);
        }
    }

    @Test
    void thePipeIsCloseOnExecWithANonBlockingWriteEndAndIsClosedOnce() throws Exception {
        NativeCapture capture = new NativeCapture("test");
        int readFd = capture.readFd();
        int writeFd = capture.writeFd();
        String pipe;
        try {
            assertThat(LibC.fcntl(writeFd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK).as("write end O_NONBLOCK").isNotZero();
            assertThat(LibC.fcntl(readFd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK).as("read end blocks").isZero();
            assertThat(LibC.fcntl(writeFd, LibC.F_GETFD, 0) & LibC.FD_CLOEXEC).as("write end FD_CLOEXEC").isNotZero();
            assertThat(LibC.fcntl(readFd, LibC.F_GETFD, 0) & LibC.FD_CLOEXEC).as("read end FD_CLOEXEC").isNotZero();
            pipe = Files.readSymbolicLink(Path.of("/proc/self/fd/" + readFd)).toString();
            assertThat(pipe).startsWith("pipe:[");

            Process child = new ProcessBuilder("sh", "-c", "ls -l /proc/$$/fd").redirectErrorStream(true).start();
            String childFds = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor()).isZero();
            assertThat(childFds).contains("0 ->").doesNotContain(pipe);
        } finally {
            capture.close();
        }
        capture.close();
        assertThatThrownBy(() -> LibC.fcntl(readFd, LibC.F_GETFD, 0)).isInstanceOf(LastErrorException.class);
        assertThatThrownBy(() -> LibC.fcntl(writeFd, LibC.F_GETFD, 0)).isInstanceOf(LastErrorException.class);
    }

    @Test
    void anInheritedIgnoreIsRespectedUnlessForced() throws Exception {
        sun.misc.Signal alrm = new sun.misc.Signal("ALRM");
        SignalHandler original = sun.misc.Signal.handle(alrm, SignalHandler.SIG_IGN);
        try {
            Received received = new Received();
            try (Subscription respectful = Signals.subscribe(List.of(Signal.ALRM), NATIVE, received)) {
                assertThat(respectful.leftIgnored()).containsExactly(Signal.ALRM);
                assertThat(Signals.leftIgnored()).containsExactly(Signal.ALRM);
                assertThat(NativeCapture.query(Signal.ALRM).handler()).as("still SIG_IGN").isEqualTo(1L);
            }
            try (Subscription forced = Signals.subscribe(List.of(Signal.ALRM), NATIVE.forceOverIgnored(true), received)) {
                assertThat(forced.leftIgnored()).isEmpty();
                Kill.self(Signal.ALRM);
                assertThat(received.await().signal()).isEqualTo(Signal.ALRM);
            }
            assertThat(NativeCapture.query(Signal.ALRM).handler()).as("SIG_IGN restored").isEqualTo(1L);
        } finally {
            sun.misc.Signal.handle(alrm, original);
        }
    }

    @Test
    void refusesReservedSignalsBeforeTouchingAnything() {
        assertThatThrownBy(() -> Signals.subscribe(List.of(Signal.USR1, Signal.USR2), NATIVE, new Received()))
                .isInstanceOf(ForbiddenSignalException.class)
                .hasMessageContaining("SIGUSR2 cannot be handled")
                .hasMessageContaining("use USR1 or a real-time signal instead");
        assertThat(Signals.handled()).isEmpty();
        assertThat(NativeCapture.query(Signal.USR1).ours()).isFalse();
    }
}
