package dev.gracefulsignals.test;

import java.time.Duration;
import java.util.Map;
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

    /**
     * Waits for the first exit or halt and returns its code.
     *
     * @throws AssertionError when none came within the timeout, with the stacks of the library's threads (the
     *                        dispatcher's, the shutdown sequence's, its hooks') to show where it stands
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The application did not exit within " + timeout + ". Threads of Graceful Signals:\n"
                    + libraryThreads());
        }
        return exitCode;
    }

    private static String libraryThreads() {
        StringBuilder dump = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            if (!thread.getName().startsWith("graceful-")) {
                continue;
            }
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : entry.getValue()) {
                dump.append("\tat ").append(frame).append('\n');
            }
        }
        return dump.length() == 0 ? "(none)\n" : dump.toString();
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
