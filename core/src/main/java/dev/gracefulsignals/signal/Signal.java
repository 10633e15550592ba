package dev.gracefulsignals.signal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Unix signal, named as on Linux: {@code Signal.of("TERM")}, {@code Signal.of("sigterm")},
 * {@code Signal.of(15)} and {@code Signal.of("RTMIN+3")} all parse. Parsing accepts every signal;
 * whether a signal may be <em>handled</em> is a separate question answered by {@link #policy()}
 * and enforced by {@link #checkHandleable(boolean)} when a listener subscribes.
 *
 * <p>Numbers are Linux's (x86-64 and aarch64 share them). Real-time signals span
 * {@code SIGRTMIN} (34 with glibc, which keeps 32 and 33 for threads; 35 with musl, which keeps 32 to 34)
 * to {@code SIGRTMAX} (64): {@code RTMIN+3} is 37 on glibc and 38 on musl, as in C.
 */
public final class Signal implements Comparable<Signal> {

    /**
     * This process's {@code SIGRTMIN}: 34 with glibc (NPTL reserves 32 and 33), 35 with musl, whichever the
     * JVM was found to run on. Checked against the native library's own {@code SIGRTMIN} when it loads.
     */
    public static final int RTMIN = NativePlatform.current().libc().sigrtmin();

    /** {@code SIGRTMAX()} on Linux. */
    public static final int RTMAX = 64;

    private static final Signal[] BY_NUMBER = new Signal[RTMAX + 1];

    public static final Signal HUP = standard("HUP", 1, Policy.FREE, null);
    public static final Signal INT = standard("INT", 2, Policy.FREE, null);
    public static final Signal QUIT = standard("QUIT", 3, Policy.REFUSED,
            "the JVM prints thread dumps on it and jcmd/attach use it; use USR1 or a real-time signal instead");
    public static final Signal ILL = standard("ILL", 4, Policy.REFUSED,
            "it reports a crash (illegal instruction) that the JVM must handle; it cannot be handled meaningfully");
    public static final Signal TRAP = standard("TRAP", 5, Policy.REFUSED,
            "the JVM uses it for implicit checks and deoptimization traps; use USR1 or a real-time signal instead");
    public static final Signal ABRT = standard("ABRT", 6, Policy.REFUSED,
            "abort() raises it to end a failing process and write its core/hs_err file; use USR1 or a real-time signal instead");
    public static final Signal BUS = standard("BUS", 7, Policy.REFUSED,
            "the JVM uses it for memory-mapped file faults and crash reporting; it cannot be handled meaningfully");
    public static final Signal FPE = standard("FPE", 8, Policy.REFUSED,
            "the JVM turns it into ArithmeticException (integer division by zero); it cannot be handled meaningfully");
    public static final Signal KILL = standard("KILL", 9, Policy.REFUSED,
            "the kernel never lets a process catch, block or ignore it; send TERM for a graceful shutdown");
    public static final Signal USR1 = standard("USR1", 10, Policy.FREE, null);
    public static final Signal SEGV = standard("SEGV", 11, Policy.REFUSED,
            "the JVM uses it for implicit null checks, stack banging and safepoint polls; it cannot be handled meaningfully");
    public static final Signal USR2 = standard("USR2", 12, Policy.REFUSED,
            "HotSpot uses it to suspend and resume threads (JFR, profilers); use USR1 or a real-time signal instead");
    public static final Signal PIPE = standard("PIPE", 13, Policy.REFUSED,
            "the JVM ignores it so that writes to closed sockets fail with an IOException instead; catch that exception");
    public static final Signal ALRM = standard("ALRM", 14, Policy.FREE, null);
    public static final Signal TERM = standard("TERM", 15, Policy.FREE, null);
    public static final Signal STKFLT = standard("STKFLT", 16, Policy.FREE, null);
    public static final Signal CHLD = standard("CHLD", 17, Policy.REFUSED,
            "the JDK's process reaper relies on it to collect child processes; use Process.onExit() instead");
    public static final Signal CONT = standard("CONT", 18, Policy.JOB_CONTROL, null);
    public static final Signal STOP = standard("STOP", 19, Policy.REFUSED,
            "the kernel never lets a process catch, block or ignore it; use TSTP (with job control allowed) to observe Ctrl+Z");
    public static final Signal TSTP = standard("TSTP", 20, Policy.JOB_CONTROL, null);
    public static final Signal TTIN = standard("TTIN", 21, Policy.JOB_CONTROL, null);
    public static final Signal TTOU = standard("TTOU", 22, Policy.JOB_CONTROL, null);
    public static final Signal URG = standard("URG", 23, Policy.FREE, null);
    public static final Signal XCPU = standard("XCPU", 24, Policy.FREE, null);
    public static final Signal XFSZ = standard("XFSZ", 25, Policy.REFUSED,
            "the JVM ignores it so that writes past the file size limit fail with an IOException instead; catch that exception");
    public static final Signal VTALRM = standard("VTALRM", 26, Policy.REFUSED,
            "CPU-time profilers (async-profiler, itimer modes) use it; use USR1 or a real-time signal instead");
    public static final Signal PROF = standard("PROF", 27, Policy.REFUSED,
            "sampling profilers (async-profiler, perf-based agents) use it; use USR1 or a real-time signal instead");
    public static final Signal WINCH = standard("WINCH", 28, Policy.FREE, null);
    public static final Signal IO = standard("IO", 29, Policy.FREE, null);
    public static final Signal PWR = standard("PWR", 30, Policy.FREE, null);
    public static final Signal SYS = standard("SYS", 31, Policy.REFUSED,
            "seccomp reports a forbidden system call with it; it cannot be handled meaningfully");

    static {
        for (int number = RTMIN; number <= RTMAX; number++) {
            String name = number - RTMIN <= RTMAX - number ? "RTMIN+" + (number - RTMIN) : "RTMAX-" + (RTMAX - number);
            name = name.equals("RTMIN+0") ? "RTMIN" : name.equals("RTMAX-0") ? "RTMAX" : name;
            boolean nioWakeup = number == RTMAX - 2;
            BY_NUMBER[number] = new Signal(name, number, nioWakeup ? Policy.REFUSED : Policy.FREE, nioWakeup
                    ? "the JDK interrupts threads blocked in NIO with it (SIGRTMAX-2); pick another real-time signal"
                    : null);
        }
    }

    /** Whether a signal may be handled by an application running on the JVM. */
    public enum Policy {
        /** The JVM leaves it alone: it may be handled. */
        FREE,
        /** Job control (CONT, TSTP, TTIN, TTOU): handling it changes how the shell stops and resumes the process, so it needs an explicit opt-in. */
        JOB_CONTROL,
        /** The kernel or the JVM needs it: handling it would break the process. */
        REFUSED
    }

    private final String name;
    private final int number;
    private final Policy policy;
    private final String refusal;

    private Signal(String name, int number, Policy policy, String refusal) {
        this.name = name;
        this.number = number;
        this.policy = policy;
        this.refusal = refusal;
    }

    private static Signal standard(String name, int number, Policy policy, String refusal) {
        Signal signal = new Signal(name, number, policy, refusal);
        BY_NUMBER[number] = signal;
        return signal;
    }

    /**
     * Parses a signal name, case-insensitively, with or without the {@code SIG} prefix: {@code TERM},
     * {@code sigterm}, {@code RTMIN+3}, {@code SIGRTMAX-1}; or a number such as {@code 15}.
     *
     * @throws IllegalArgumentException naming the input and the accepted forms when it is no Linux signal
     */
    public static Signal of(String text) {
        Objects.requireNonNull(text, "signal name");
        String trimmed = text.trim();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            return of(parseNumber(trimmed, text));
        }
        String upper = trimmed.toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        if (bare.equals("POLL")) {
            return IO;
        }
        if (bare.startsWith("RTMIN") || bare.startsWith("RTMAX")) {
            return realTime(bare, text);
        }
        for (int number = 1; number < RTMIN; number++) {
            Signal signal = BY_NUMBER[number];
            if (signal != null && signal.name.equals(bare)) {
                return signal;
            }
        }
        throw unknown(text);
    }

    /**
     * The signal with this Linux number (1 to 31, or {@link #RTMIN} to {@value #RTMAX}).
     *
     * @throws IllegalArgumentException when no signal has that number
     */
    public static Signal of(int number) {
        if (number <= 0 || number > RTMAX || BY_NUMBER[number] == null) {
            throw new IllegalArgumentException("No Linux signal has the number " + number
                    + ": standard signals are 1-31 and real-time signals " + RTMIN + "-" + RTMAX
                    + " (the numbers below are reserved by the C library for its threads)");
        }
        return BY_NUMBER[number];
    }

    /** The real-time signal {@code SIGRTMIN+offset}. */
    public static Signal rtmin(int offset) {
        if (offset < 0 || RTMIN + offset > RTMAX) {
            throw new IllegalArgumentException("RTMIN+" + offset + " is out of range: use RTMIN+0 to RTMIN+" + (RTMAX - RTMIN));
        }
        return BY_NUMBER[RTMIN + offset];
    }

    /** Every Linux signal, standard then real-time, in number order. */
    public static List<Signal> all() {
        List<Signal> all = new ArrayList<>();
        for (Signal signal : BY_NUMBER) {
            if (signal != null) {
                all.add(signal);
            }
        }
        return Collections.unmodifiableList(all);
    }

    private static Signal realTime(String bare, String original) {
        int base = bare.startsWith("RTMIN") ? RTMIN : RTMAX;
        String rest = bare.substring(5);
        if (rest.isEmpty()) {
            return BY_NUMBER[base];
        }
        boolean plus = rest.charAt(0) == '+';
        if ((base == RTMIN && !plus) || (base == RTMAX && rest.charAt(0) != '-') || rest.length() < 2
                || !rest.substring(1).chars().allMatch(Character::isDigit)) {
            throw unknown(original);
        }
        int offset = parseNumber(rest.substring(1), original);
        int number = plus ? base + offset : base - offset;
        if (number < RTMIN || number > RTMAX) {
            throw new IllegalArgumentException("'" + original + "' is outside the real-time range: use RTMIN+0 to RTMIN+"
                    + (RTMAX - RTMIN) + " or RTMAX-0 to RTMAX-" + (RTMAX - RTMIN));
        }
        return BY_NUMBER[number];
    }

    private static int parseNumber(String digits, String original) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLong) {
            throw unknown(original);
        }
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("'" + text + "' is not a Linux signal: use a name such as TERM, SIGHUP or USR1"
                + " (case-insensitive, SIG prefix optional), a real-time signal such as RTMIN+3 or RTMAX-1, or a number"
                + " from 1 to " + RTMAX);
    }

    /** The name without the {@code SIG} prefix, as {@code kill -l} prints it: {@code TERM}, {@code RTMIN+3}. */
    public String name() {
        return name;
    }

    /** The Linux signal number. */
    public int number() {
        return number;
    }

    /** Whether this signal is real-time (queued by the kernel rather than coalesced). */
    public boolean isRealTime() {
        return number >= RTMIN;
    }

    /** Whether the JVM and the kernel leave this signal free to handle. */
    public Policy policy() {
        return policy;
    }

    /**
     * Throws when this signal may not be handled: always for {@link Policy#REFUSED}, and for
     * {@link Policy#JOB_CONTROL} unless {@code allowJobControl}.
     *
     * @throws ForbiddenSignalException naming the signal, why it is reserved and what to use instead
     */
    public void checkHandleable(boolean allowJobControl) {
        if (policy == Policy.REFUSED) {
            throw new ForbiddenSignalException(this, refusal);
        }
        if (policy == Policy.JOB_CONTROL && !allowJobControl) {
            throw new ForbiddenSignalException(this, "it is a job-control signal: taking it changes how a shell or service"
                    + " manager stops and resumes the process; opt in explicitly (SubscribeOptions.allowJobControl(),"
                    + " or graceful.allow-job-control=true in Spring Boot)");
        }
    }

    @Override
    public int compareTo(Signal other) {
        return Integer.compare(number, other.number);
    }

    /** {@code SIGTERM}, {@code SIGRTMIN+3}. */
    @Override
    public String toString() {
        return "SIG" + name;
    }
}
