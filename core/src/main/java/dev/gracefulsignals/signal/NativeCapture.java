package dev.gracefulsignals.signal;

import org.jspecify.annotations.Nullable;

import com.sun.jna.LastErrorException;

/**
 * The native backend: the C handler counts each delivery and its origin in native memory and
 * writes a wake-up byte to a self-pipe; {@link #awaitWakeUp()} blocks in {@code read(2)} on it.
 */
final class NativeCapture implements Capture {

    private final int readFd;
    private final int writeFd;
    private final byte[] drain = new byte[4096];
    private final long[] origin = new long[4];
    private final String reason;
    private boolean closed;

    NativeCapture(String reason) {
        NativeHandler.load();
        checkRealTimeRange();
        int[] fds = new int[2];
        // O_CLOEXEC: a child started with exec must not inherit the pipe.
        LibC.pipe2(fds, LibC.O_CLOEXEC);
        this.readFd = fds[0];
        this.writeFd = fds[1];
        // O_NONBLOCK on the write end only (F_SETFL, not F_SETFD): a full pipe must never block the handler.
        LibC.fcntl(writeFd, LibC.F_SETFL, LibC.fcntl(writeFd, LibC.F_GETFL, 0) | LibC.O_NONBLOCK);
        NativeHandler.gs_attach(writeFd);
        this.reason = reason;
    }

    private static void checkRealTimeRange() {
        int min = NativeHandler.gs_sigrtmin();
        int max = NativeHandler.gs_sigrtmax();
        if (min != Signal.RTMIN || max != Signal.RTMAX) {
            throw new IllegalStateException("this libc's real-time signals span " + min + "-" + max + ", not the glibc "
                    + Signal.RTMIN + "-" + Signal.RTMAX + " the native backend is built for; use the jvm backend");
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
    public void awaitWakeUp() {
        while (true) {
            try {
                // Drains up to 4 KiB of wake-ups at once; the counters, taken after this, hold the truth.
                if (LibC.read(readFd, drain, drain.length) > 0) {
                    return;
                }
                throw new IllegalStateException("the signal pipe was closed");
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new IllegalStateException("read on the signal pipe failed", e);
                }
            }
        }
    }

    @Override
    public void wakeUp() {
        try {
            LibC.write(writeFd, new byte[] {0}, 1);
        } catch (LastErrorException e) {
            // EAGAIN: the pipe is full, so the dispatcher is about to wake up anyway.
        }
    }

    @Override
    public @Nullable SignalReceived take(Signal signal) {
        long count = NativeHandler.gs_take(signal.number(), origin);
        if (count == 0) {
            return null;
        }
        return new SignalReceived(signal, count, SignalOrigin.fromSiginfo((int) origin[2], (int) origin[0], (int) origin[1]), origin[3]);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Detach first: it returns once no handler can still write, so the fd number is safe to reuse.
        NativeHandler.gs_detach();
        LibC.close(writeFd);
        LibC.close(readFd);
    }

    int readFd() {
        return readFd;
    }

    int writeFd() {
        return writeFd;
    }
}
