package dev.gracefulsignals.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.sun.jna.Function;

/** Per-process and per-thread figures from Linux's /proc: CPU time, context switches, threads and resident memory. */
final class ProcStats {

    /** {@code _SC_CLK_TCK}: the unit of utime and stime in /proc stat files. */
    private static final int SC_CLK_TCK = 2;
    private static final long NANOS_PER_TICK = 1_000_000_000L / Function.getFunction("c", "sysconf").invokeLong(new Object[] {SC_CLK_TCK});
    /** The kernel keeps 15 characters of a thread name in comm. */
    private static final int COMM_LENGTH = 15;

    private ProcStats() {
    }

    /** The process's resident set size (VmRSS) in KiB. */
    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
            }
        }
        throw new IOException("No VmRSS in /proc/" + pid + "/status");
    }

    /** User plus system CPU time of the whole process, exited threads included, in nanoseconds. */
    static long processCpuNanos(long pid) throws IOException {
        return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * User plus system CPU time, in nanoseconds, of each live thread with this name (as {@code Thread.setName} gave it), by
     * thread id: take one before and one after, and {@link #cpuSince} gives the time they spent in between.
     */
    static Map<Long, Long> threadCpu(long pid, String threadName) throws IOException {
        String comm = threadName.length() > COMM_LENGTH ? threadName.substring(0, COMM_LENGTH) : threadName;
        Map<Long, Long> byThread = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        byThread.put(Long.parseLong(task.getFileName().toString()), cpuNanos(Files.readString(task.resolve("stat"))));
                    }
                } catch (IOException exited) {
                    // the thread ended while we listed them: no file (NoSuchFileException), or ESRCH from a read
                }
            }
        }
        return byThread;
    }

    /**
     * The CPU time the threads of {@code after} spent since {@code before}, thread by thread: a thread started in between
     * counts whole, one that ended in between took its time with it (the process's total still has it). Never negative,
     * as a difference of two sums over the live threads would be when a thread ends.
     */
    static long cpuSince(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /**
     * One thread's counters: CPU time on the CPU in nanoseconds ({@code schedstat}'s first field, exact, unlike the tick-based
     * {@code stat}), and its voluntary (it blocked: each one is a later wake-up) and involuntary context switches ({@code status}).
     */
    record ThreadCounters(String name, long cpuNanos, long voluntary, long involuntary) {

        ThreadCounters minus(ThreadCounters before) {
            return new ThreadCounters(name, cpuNanos - before.cpuNanos, voluntary - before.voluntary, involuntary - before.involuntary);
        }
    }

    /** Every live thread's counters by thread id; a thread that ends while they are read is left out. */
    static Map<Long, ThreadCounters> threads(long pid) throws IOException {
        Map<Long, ThreadCounters> threads = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()), threadCounters(Files.readString(task.resolve("comm")),
                            Files.readString(task.resolve("schedstat")), Files.readString(task.resolve("status"))));
                } catch (IOException exited) {
                    // the thread ended while we listed them: no file (NoSuchFileException), or ESRCH from a read
                }
            }
        }
        return threads;
    }

    /** Parses a thread's comm, schedstat and status files. */
    static ThreadCounters threadCounters(String comm, String schedstat, String status) {
        long voluntary = -1;
        long involuntary = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        if (voluntary < 0 || involuntary < 0) {
            throw new IllegalArgumentException("No context switch counts in a thread's status");
        }
        return new ThreadCounters(comm.strip(), Long.parseLong(schedstat.strip().split(" ")[0]), voluntary, involuntary);
    }

    /** The process's thread count ({@code Threads:} in status). */
    static int threadCount(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IOException("No Threads in /proc/" + pid + "/status");
    }

    /** utime + stime (fields 14 and 15) of a stat line; the comm field before them may hold spaces and parentheses. */
    private static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime, field 14, is fields[11]
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }
}
