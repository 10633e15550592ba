package dev.gracefulsignals.signal;

import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.jna.LastErrorException;
import dev.gracefulsignals.internal.LibC;
import org.jspecify.annotations.Nullable;

/**
 * The native backend: the C handler counts each delivery and its origin in native memory and
 * writes a wake-up byte to a self-pipe; {@link #awaitWakeUp()} blocks in {@code read(2)} on it.
 */
final class NativeCapture implements Capture {

    /** The handler's pipe and counters are process-wide: one attached capture at a time. */
    private static final AtomicBoolean ATTACHED = new AtomicBoolean();

    private final int readFd;
    private final int writeFd;
    private final byte[] drain = new byte[4096];
    private final long[] origin = new long[5];
    private final String reason;
    private boolean stopped;
    private boolean closed;
    /** Set on end of file: the write end is closed already (by us or by someone else). */
    private boolean writeEndGone;

    NativeCapture(String reason) {
        NativeHandler.load();
        checkRealTimeRange();
        if (!ATTACHED.compareAndSet(false, true)) {
            throw new IllegalStateException("A native signal capture is already attached in this JVM; the handler's pipe"
                    + " is process-wide, so subscribe through dev.gracefulsignals.dispatch.Signals instead");
        }
        int[] fds = new int[2];
        try {
            // O_CLOEXEC: a child started with exec must not inherit the pipe.
            LibC.pipe2(fds, LibC.O_CLOEXEC);
        } catch (LastErrorException failure) {
            ATTACHED.set(false);
            throw failure;
        }
        this.readFd = fds[0];
        this.writeFd = fds[1];
        try {
            // O_NONBLOCK on the write end only (F_SETFL, not F_SETFD): a full pipe must never block the handler.
            LibC.fcntl(writeFd, LibC.F_SETFL, LibC.fcntl(writeFd, LibC.F_GETFL, 0) | LibC.O_NONBLOCK);
        } catch (LastErrorException failure) {
            LibC.close(readFd);
            LibC.close(writeFd);
            ATTACHED.set(false);
            throw failure;
        }
        NativeHandler.gs_attach(writeFd);
        this.reason = reason;
    }

    private static void checkRealTimeRange() {
        int min = NativeHandler.gs_sigrtmin();
        int max = NativeHandler.gs_sigrtmax();
        if (min != Signal.RTMIN || max != Signal.RTMAX) {
            throw new IllegalStateException("the native library's real-time signals span " + min + "-" + max + ", not the "
                    + Signal.RTMIN + "-" + Signal.RTMAX + " expected for " + NativePlatform.current()
                    + " (a library built for another C library?); use the jvm backend");
        }
    }

    @Override
    public Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public Installed install(Signal signal, boolean force) {
        int result = NativeHandler.gs_install(signal.number(), force ? 1 : 0);
        if (result < 0) {
            throw new IllegalStateException("sigaction(" + signal + ") failed with errno " + -result);
        }
        return result == 1 ? Installed.LEFT_IGNORED : Installed.INSTALLED;
    }

    @Override
    public boolean restore(Signal signal) {
        int result = NativeHandler.gs_restore(signal.number());
        if (result < 0) {
            throw new IllegalStateException("sigaction(" + signal + ") failed with errno " + -result);
        }
        return result == 0;
    }

    @Override
    public boolean isInstalled(Signal signal) {
        return query(signal).ours();
    }

    /** The action installed for a signal right now. */
    static InstalledAction query(Signal signal) {
        NativeHandler.load();
        long[] out = new long[3];
        int result = NativeHandler.gs_query(signal.number(), out);
        if (result < 0) {
            throw new IllegalStateException("sigaction(" + signal + ") failed with errno " + -result);
        }
        return new InstalledAction(out[0], (int) out[1], out[2] == 1);
    }

    /** What {@code sigaction(sig, NULL, &old)} reports: the handler's address (0 = SIG_DFL, 1 = SIG_IGN), its flags, and whether it is ours. */
    record InstalledAction(long handler, int flags, boolean ours) {
    }

    @Override
    public boolean awaitWakeUp() {
        while (true) {
            try {
                // Drains up to 4 KiB of wake-ups at once; the counters, taken after this, hold the truth.
                if (LibC.read(readFd, drain, drain.length) > 0) {
                    return true;
                }
                // End of file: stop() closed the write end, or something else in the process did. In the
                // second case our fd number may already be someone else's: stop() must not close it again.
                synchronized (this) {
                    writeEndGone = true;
                }
                return false;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new IllegalStateException("read on the signal pipe failed", e);
                }
            }
        }
    }

    @Override
    public synchronized void wakeUp() {
        if (stopped) {
            return;
        }
        try {
            // Byte 0: no signal has number 0, so this wake-up names none; the write end is O_NONBLOCK.
            LibC.write(writeFd, new byte[1], 1);
        } catch (LastErrorException full) {
            // EAGAIN: the pipe is full of wake-ups, so a reader wakes anyway.
        }
    }

    @Override
    public @Nullable SignalReceived take(Signal signal) {
        long count = NativeHandler.gs_take(signal.number(), origin);
        if (count == 0) {
            return null;
        }
        if (origin[4] == 0) {
            // A handler kept the origin slot busy through every retry: say so rather than mix two senders.
            return new SignalReceived(signal, count, SignalOrigin.unknown(), System.nanoTime());
        }
        return new SignalReceived(signal, count, SignalOrigin.fromSiginfo((int) origin[2], (int) origin[0], (int) origin[1]), origin[3]);
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            // Detach first: it returns once no handler can still write, so the fd number is safe to reuse.
            NativeHandler.gs_detach();
            if (!writeEndGone) {
                // Closing the only write end makes the reader's blocked read(2) return 0 (end of file).
                writeEndGone = true;
                LibC.close(writeFd);
            }
        } finally {
            ATTACHED.set(false);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (!closed) {
            closed = true;
            LibC.close(readFd);
        }
    }

    int readFd() {
        return readFd;
    }

    int writeFd() {
        return writeFd;
    }
}
