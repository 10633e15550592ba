package dev.gracefulsignals.systemd;

import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import dev.gracefulsignals.internal.LibC;

/**
 * The service manager's notification socket, {@code $NOTIFY_SOCKET}: a Unix datagram socket named by a file
 * path ({@code /run/systemd/notify}) or an abstract name ({@code @...}), encoded once as a {@code sockaddr_un}.
 */
final class NotifySocket {

    /** {@code sizeof(sun_path)} on Linux. */
    static final int PATH_CAPACITY = 108;
    /** {@code offsetof(struct sockaddr_un, sun_path)}: after the 2-byte {@code sun_family}. */
    static final int PATH_OFFSET = 2;

    private final String name;
    private final byte[] address;
    private final int addressLength;

    private NotifySocket(String name, byte[] address, int addressLength) {
        this.name = name;
        this.address = address;
        this.addressLength = addressLength;
    }

    /**
     * The socket {@code value} names.
     *
     * @throws IllegalArgumentException naming the reason when this is not an address we can reach (systemd also
     *     hands out {@code vsock:} addresses to virtual machines)
     */
    static NotifySocket parse(String value) {
        byte[] path = value.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = value.startsWith("@");
        if (!isAbstract && !value.startsWith("/")) {
            throw new IllegalArgumentException("only file-system paths (/...) and abstract names (@...) are supported");
        }
        // A path needs room for its terminating NUL; an abstract name has none, its '@' becomes a leading NUL.
        int capacity = isAbstract ? PATH_CAPACITY : PATH_CAPACITY - 1;
        if (path.length > capacity || path.length < 2) {
            throw new IllegalArgumentException("the address must be 2 to " + capacity + " bytes long, not " + path.length);
        }
        byte[] address = new byte[PATH_OFFSET + PATH_CAPACITY];
        // sun_family is a native-endian unsigned short; both ABIs we run on are little-endian.
        address[0] = (byte) LibC.AF_UNIX;
        address[1] = 0;
        System.arraycopy(path, 0, address, PATH_OFFSET, path.length);
        if (isAbstract) {
            address[PATH_OFFSET] = 0;
            // Every byte of an abstract name counts, so the length must stop exactly at its end.
            return new NotifySocket(value, address, PATH_OFFSET + path.length);
        }
        return new NotifySocket(value, address, PATH_OFFSET + path.length + 1);
    }

    /** Sends one datagram from a fresh close-on-exec socket, as libsystemd does; no descriptor stays open between calls. */
    void send(String message) throws LastErrorException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        try {
            while (true) {
                try {
                    // MSG_DONTWAIT: a service manager that stopped reading fills the queue (10 datagrams by
                    // default); a notification is best-effort and must never block a shutdown phase.
                    LibC.sendto(fd, bytes, bytes.length, LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT, address, addressLength);
                    return;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR) {
                        throw e;
                    }
                }
            }
        } finally {
            LibC.close(fd);
        }
    }

    /** The encoded {@code struct sockaddr_un} (a copy) and how many of its bytes count. */
    byte[] address() {
        return address.clone();
    }

    int addressLength() {
        return addressLength;
    }

    @Override
    public String toString() {
        return name;
    }
}
