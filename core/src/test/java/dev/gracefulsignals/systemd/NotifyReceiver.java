package dev.gracefulsignals.systemd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import dev.gracefulsignals.internal.LibC;

/**
 * systemd's side of the notify protocol, for tests: a real Unix datagram socket bound at a {@code NOTIFY_SOCKET}
 * address (a path or an {@code @abstract} name), from which the test reads each notification as one string.
 */
public final class NotifyReceiver implements AutoCloseable {

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final Duration POLL = Duration.ofMillis(50);

    private final String address;
    private final int fd;
    private final byte[] buffer = new byte[4096];

    private NotifyReceiver(String address, int fd) {
        this.address = address;
        this.fd = fd;
    }

    /** Binds a datagram socket at this {@code NOTIFY_SOCKET} value, encoded the way the notifier encodes it. */
    public static NotifyReceiver bind(String address) {
        NotifySocket socket = NotifySocket.parse(address);
        int fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        try {
            Sys.bind(fd, socket.address(), socket.addressLength());
            // struct timeval {tv_sec, tv_usec}: recv gives up with EAGAIN after this, so receive() can keep a deadline.
            Sys.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new long[] {0, POLL.toNanos() / 1000}, 16);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw e;
        }
        return new NotifyReceiver(address, fd);
    }

    /** The value to put in {@code NOTIFY_SOCKET}. */
    public String address() {
        return address;
    }

    /** The next datagram within the timeout, or null. */
    public @Nullable String receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long length = Sys.recv(fd, buffer, buffer.length, 0);
                return new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EAGAIN && e.getErrorCode() != LibC.EINTR) {
                    throw e;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
        }
    }

    /** The next datagram, failing the test if none arrives within 10 s. */
    public String await() {
        String message = receive(Duration.ofSeconds(10));
        if (message == null) {
            throw new AssertionError("systemd received no notification at " + address + " within 10 s");
        }
        return message;
    }

    /** Every datagram that arrives during {@code window}. */
    public List<String> receiveFor(Duration window) {
        List<String> messages = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        for (long left = window.toNanos(); left > 0; left = end - System.nanoTime()) {
            String message = receive(Duration.ofNanos(left));
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    @Override
    public void close() {
        LibC.close(fd);
    }

    /** CLOCK_MONOTONIC in microseconds, straight from the kernel, to check what the notifier sends. */
    static long monotonicMicros() {
        long[] timespec = new long[2];
        Sys.clock_gettime(1, timespec);
        return timespec[0] * 1_000_000 + timespec[1] / 1000;
    }

    /** The receiving calls the production code never makes. */
    private static final class Sys {
        static {
            Native.register(Sys.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        static native int setsockopt(int fd, int level, int name, long[] value, int length) throws LastErrorException;

        static native int clock_gettime(int clock, long[] timespec) throws LastErrorException;
    }
}
