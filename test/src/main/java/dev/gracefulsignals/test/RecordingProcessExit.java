package dev.gracefulsignals.test;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.shutdown.ProcessExit;
import org.jspecify.annotations.Nullable;

/**
 * Replaces the exit step in tests: the shutdown sequence runs for real (hooks, task cancellation,
 * context close) and the exit or halt code is recorded instead of ending the JVM. Declare it as a
 * bean and the starter uses it:
 *
 * <pre>{@code
 * @TestConfiguration
 * static class Config {
 *     @Bean
 *     RecordingProcessExit processExit() {
 *         return new RecordingProcessExit();
 *     }
 * }
 * }</pre>
 */
public final class RecordingProcessExit implements ProcessExit {

    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile @Nullable Integer exitCode;
    private volatile boolean halted;

    @Override
    public void exit(int status) {
        record(status, false);
    }

    @Override
    public void halt(int status) {
        record(status, true);
    }

    private synchronized void record(int status, boolean halt) {
        if (exitCode == null) {
            exitCode = status;
            halted = halt;
            ended.countDown();
        }
    }

    /** Waits for the first exit or halt and returns its code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The application did not exit within " + timeout);
        }
        return exitCode;
    }

    /** The first recorded code, if any. */
    public OptionalInt exitCode() {
        Integer code = exitCode;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Whether the first end was a halt (deadline or repeated signal) rather than an orderly exit. */
    public boolean halted() {
        return halted;
    }
}
