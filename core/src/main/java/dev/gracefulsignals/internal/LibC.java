package dev.gracefulsignals.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The libc calls Graceful Signals makes from Java, through JNA direct mapping ({@code Native.register}),
 * which binds each method straight to its symbol and is several times faster than interface mapping.
 * Linux only; none of these run in signal context. Internal, not API (see the package): the one place core calls
 * libc from Java, as Netty's {@code Native} is for its transports.
 */
public final class LibC {

    /** {@code O_NONBLOCK} on Linux. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code O_CLOEXEC} on Linux. */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code F_GETFD}. */
    public static final int F_GETFD = 1;
    /** {@code F_GETFL}. */
    public static final int F_GETFL = 3;
    /** {@code F_SETFL}. */
    public static final int F_SETFL = 4;
    /** {@code FD_CLOEXEC}. */
    public static final int FD_CLOEXEC = 1;
    /** {@code EINTR}. */
    public static final int EINTR = 4;
    /** {@code EAGAIN}. */
    public static final int EAGAIN = 11;
    /** {@code AF_UNIX}: the Unix-domain address family, as in {@code struct sockaddr_un.sun_family}. */
    public static final int AF_UNIX = 1;
    /** {@code SOCK_DGRAM}. */
    public static final int SOCK_DGRAM = 2;
    /** {@code SOCK_CLOEXEC}, or-ed into {@link #socket}'s type; the same bit as {@link #O_CLOEXEC} on Linux. */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** {@code MSG_NOSIGNAL}: a send to a closed peer fails with EPIPE instead of raising SIGPIPE. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** {@code MSG_DONTWAIT}: a send to a full queue fails with EAGAIN instead of blocking. */
    public static final int MSG_DONTWAIT = 0x40;

    /** {@code SIG_UNBLOCK}, the {@code how} of {@link #pthread_sigmask} that removes signals from the calling thread's mask. */
    public static final int SIG_UNBLOCK = 1;
    /** {@code sigset_t} on Linux glibc and musl: 1024 bits, as 16 longs; signal n is bit n - 1. */
    public static final int SIGSET_LONGS = 16;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    public static native int pipe2(int[] fds, int flags) throws LastErrorException;

    public static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

    public static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    /**
     * {@code fcntl} with an int argument. fcntl is variadic, which direct mapping does not model; on the
     * Linux x86-64 and aarch64 ABIs a variadic call with integer arguments passes them exactly as a fixed one.
     */
    public static native int fcntl(int fd, int command, int argument) throws LastErrorException;

    /** {@code socket(2)}: a new socket of this domain ({@link #AF_UNIX}) and type ({@link #SOCK_DGRAM} | {@link #SOCK_CLOEXEC}). */
    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    /**
     * {@code sendto(2)}: sends {@code length} bytes of {@code buffer} as one datagram to the address encoded in
     * {@code address} (a {@code struct sockaddr}, here a {@code sockaddr_un}: family at 0, path at 2), of which
     * {@code addressLength} bytes count. Returns the number of bytes sent.
     */
    public static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    /**
     * {@code pthread_sigmask(3)}: changes the calling thread's signal mask (masks are per thread). Returns 0 or an
     * error number (not through errno). {@code oldSet} may be null.
     */
    public static native int pthread_sigmask(int how, long[] set, long[] oldSet);

    public static native int kill(int pid, int signal) throws LastErrorException;

    public static native int getpid();

    public static native int getuid();
}
