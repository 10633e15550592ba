package dev.gracefulsignals.signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Who sent a signal, from the kernel's {@code siginfo_t}: a process (with its pid and uid) for
 * {@code kill(2)}, {@code sigqueue(3)} and {@code tgkill(2)}; the kernel otherwise (a terminal's
 * Ctrl+C, a timer). The fallback backend cannot see {@code siginfo_t}, so its origin is
 * {@link Kind#UNKNOWN}.
 *
 * <p>When several senders signal at once, the origin is the last one's: signals coalesce, and so
 * does who sent them.
 */
public final class SignalOrigin {

    /** Where a signal came from. */
    public enum Kind {
        /** Sent by a process: {@link #pid()} and {@link #uid()} are known. */
        PROCESS,
        /** Raised by the kernel: a terminal (Ctrl+C, Ctrl+\), a timer, an I/O event. */
        KERNEL,
        /** Not known: the fallback backend does not see the sender. */
        UNKNOWN
    }

    private static final int SI_USER = 0;
    private static final int SI_QUEUE = -1;
    private static final int SI_TKILL = -6;

    private static final SignalOrigin UNKNOWN = new SignalOrigin(Kind.UNKNOWN, -1, -1, 0);

    private final Kind kind;
    private final int pid;
    private final int uid;
    private final int code;
    private volatile @Nullable Optional<String> command;

    private SignalOrigin(Kind kind, int pid, int uid, int code) {
        this.kind = kind;
        this.pid = pid;
        this.uid = uid;
        this.code = code;
    }

    /** The origin described by {@code siginfo_t}'s {@code si_code}, {@code si_pid} and {@code si_uid}. */
    public static SignalOrigin fromSiginfo(int code, int pid, int uid) {
        boolean sentByProcess = code == SI_USER || code == SI_QUEUE || code == SI_TKILL;
        return sentByProcess ? new SignalOrigin(Kind.PROCESS, pid, uid, code) : new SignalOrigin(Kind.KERNEL, -1, -1, code);
    }

    /** The origin when the backend cannot tell. */
    public static SignalOrigin unknown() {
        return UNKNOWN;
    }

    public Kind kind() {
        return kind;
    }

    /** The sending process's pid, or -1 unless {@link #kind()} is {@link Kind#PROCESS}. */
    public int pid() {
        return pid;
    }

    /** The sending process's real uid, or -1 unless {@link #kind()} is {@link Kind#PROCESS}. */
    public int uid() {
        return uid;
    }

    /** The raw {@code si_code} (0 = SI_USER, -1 = SI_QUEUE, -6 = SI_TKILL, 0x80 = SI_KERNEL, ...). */
    public int code() {
        return code;
    }

    /**
     * The sender's command name from {@code /proc/<pid>/comm}, read on first call (never in signal
     * context). Empty when the sender is not a process, has already exited, or is not visible.
     */
    public Optional<String> command() {
        Optional<String> known = command;
        if (known == null) {
            known = kind == Kind.PROCESS ? readComm(pid) : Optional.empty();
            command = known;
        }
        return known;
    }

    /**
     * {@link #command()} fit for a log line: the sender chooses its command name, so control characters (a
     * newline that would forge a second line, a terminal escape) are written as Java escapes (backslash-n,
     * backslash-u001b), and a backslash is doubled.
     */
    public Optional<String> printableCommand() {
        Optional<String> command = command();
        return command.isPresent() ? Optional.of(escapeControlCharacters(command.get())) : command; // no lambda: this runs on TERM's path
    }

    static String escapeControlCharacters(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || c == 0x2028 || c == 0x2029) {
                        escaped.append(String.format("\\u%04x", c));
                    } else {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static Optional<String> readComm(int pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Integer.toString(pid), "comm"), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** {@code pid 1234 uid 1000}, {@code kernel/terminal} or {@code unknown}. */
    @Override
    public String toString() {
        return switch (kind) {
            case PROCESS -> "pid " + pid + " uid " + uid;
            case KERNEL -> "kernel/terminal";
            case UNKNOWN -> "unknown";
        };
    }
}
