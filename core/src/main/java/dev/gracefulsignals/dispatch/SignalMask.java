package dev.gracefulsignals.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;

/**
 * Unblocks taken signals on the dispatcher's threads. Masks are per thread and inherited across
 * fork and exec: a process started with a signal blocked (by a parent that blocked it) blocks it in
 * every thread the JVM starts, so the kernel keeps it pending forever. A process-directed signal goes
 * to any thread that does not block it, so one of ours unblocking it is enough.
 */
final class SignalMask {

    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    private SignalMask() {
    }

    /**
     * Unblocks the signals on the calling thread and returns those it still blocks afterwards (empty
     * when all can reach it), read back from the kernel's view of this thread.
     *
     * @throws IllegalStateException naming the cause, when the mask cannot be changed or read
     */
    static Set<Signal> unblockOnThisThread(Collection<Signal> signals) {
        long[] set = new long[LibC.SIGSET_LONGS];
        for (Signal signal : signals) {
            set[(signal.number() - 1) / 64] |= 1L << ((signal.number() - 1) % 64);
        }
        int error;
        try {
            error = LibC.pthread_sigmask(LibC.SIG_UNBLOCK, set, null);
        } catch (LinkageError | RuntimeException unavailable) {
            throw new IllegalStateException("pthread_sigmask is not available (" + unavailable + ")", unavailable);
        }
        if (error != 0) {
            throw new IllegalStateException("pthread_sigmask failed with error " + error);
        }
        long blocked = blockedOnThisThread();
        Set<Signal> stillBlocked = new TreeSet<>();
        for (Signal signal : signals) {
            if (signal.number() <= 64 && (blocked & (1L << (signal.number() - 1))) != 0) {
                stillBlocked.add(signal);
            }
        }
        return stillBlocked;
    }

    /** The calling thread's {@code SigBlk} (signals 1-64) from procfs. */
    private static long blockedOnThisThread() {
        try {
            for (String line : Files.readAllLines(THREAD_STATUS)) {
                if (line.startsWith("SigBlk:")) {
                    return Long.parseUnsignedLong(line.substring("SigBlk:".length()).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            throw new IllegalStateException("cannot read " + THREAD_STATUS + " (" + unreadable + ")", unreadable);
        }
        throw new IllegalStateException(THREAD_STATUS + " has no SigBlk line");
    }
}
