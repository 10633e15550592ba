package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A child JVM that can make no new thread at all (a pids cgroup limited below the threads it has, as a container at its
 * pids limit) still ends on TERM by its deadline with exit status 143: the sequence, deadline and exit-guard threads
 * were made before any signal, the hooks run on the sequence thread when no thread of their own can be made, and when
 * the JVM's own exit then hangs (G1 waits below System.exit for a thread that could not be made, holding the lock
 * Runtime.halt waits for) the native exit guard ends the process with the reported status. Each collector, and a JVM
 * that ends on its own during the sequence (its last non-daemon thread stopped by a hook: it would exit 0). Needs a
 * writable cgroup v1 pids hierarchy; skipped with a message elsewhere.
 */
class ThreadShortageShutdownTest {

    private static final Path PIDS = Path.of("/sys/fs/cgroup/pids");
    /** The child's deadline: short, so a hang fails in seconds, long enough for a loaded 2-CPU machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(6);

    @ParameterizedTest(name = "{0}, main returns: {1}")
    @CsvSource({"-XX:+UseG1GC, false", "-XX:+UseSerialGC, false", "-XX:+UseParallelGC, false", "-XX:+UseG1GC, true"})
    void termWithNoThreadLeftToMakeRunsTheHooksAndEndsByTheDeadlineWith143(String collector, boolean mainReturns) throws Exception {
        try (PidsLimit limit = PidsLimit.create();
             ChildJvm child = ChildJvm.start(ChildApp.class, List.of(collector), "--graceful.shutdown.timeout=" + DEADLINE.toSeconds() + "s",
                     "--main-returns=" + mainReturns, "--churn=" + churns(collector, mainReturns))) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            limit.holdAtItsThreads(child);
            if (churns(collector, mainReturns)) {
                // Write-barrier work after the limit: G1 then wants refinement threads it cannot make, and its exit
                // waits for them (the hang seen in about half the runs; StuckJvmExitTest makes one every time).
                child.send("churn");
                child.awaitLine("churning");
                Thread.sleep(1500);
            }
            long sent = System.nanoTime();
            Kill.process(child.pid(), Signal.TERM);

            // The deadline, the guard's second after it, and room for a loaded machine: a hang fails here.
            int status = child.awaitExit(DEADLINE.plusSeconds(8));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(status).as(child.output()).isEqualTo(143);
            assertThat(took).as("TERM to exit").isLessThan(DEADLINE.plusSeconds(3));
            assertThat(limit.refusedThreads()).as("thread creation really failed in the child").isPositive();
            assertThat(child.output()).contains("hook first");
            if (!mainReturns) {
                // The JVM that ends on its own may be cut before its last hooks and report: only its status is promised.
                assertThat(child.output()).contains("hook second", "hook third")
                        .containsPattern("graceful-shutdown trigger=SIGTERM outcome=(completed|deadline) .* exit=143 via=");
            }
        }
    }

    private static boolean churns(String collector, boolean mainReturns) {
        return collector.contains("G1") && !mainReturns;
    }

    /**
     * A pids cgroup the child is moved into, its limit then set to the threads it has. Closed after the child (declared
     * before it): kills what is left in it and waits for the group to empty, so a failure shows the child's output, not
     * "Device or resource busy".
     */
    private static final class PidsLimit implements AutoCloseable {

        private final Path cgroup;

        private PidsLimit(Path cgroup) {
            this.cgroup = cgroup;
        }

        static PidsLimit create() throws IOException {
            Path cgroup = PIDS.resolve("graceful-signals-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            try {
                Files.createDirectory(cgroup);
            } catch (IOException | UnsupportedOperationException notHere) {
                Assumptions.abort("no writable cgroup v1 pids hierarchy at " + PIDS + " (" + notHere + "): the thread-shortage test is skipped");
            }
            return new PidsLimit(cgroup);
        }

        /**
         * Below what it has: no new thread at all, not even in place of one that ends meanwhile (HotSpot's compiler
         * threads come and go; a limit of exactly pids.current let one be made now and then). What exists runs on.
         */
        void holdAtItsThreads(ChildJvm child) throws IOException {
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(child.pid()));
            Files.writeString(cgroup.resolve("pids.max"), "1");
        }

        long refusedThreads() throws IOException {
            // pids.events: "max N", the times a fork or clone failed at the limit.
            return Long.parseLong(Files.readString(cgroup.resolve("pids.events")).replaceAll("\\D+", " ").trim().split(" ")[0]);
        }

        @Override
        public void close() throws Exception {
            for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
            long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.readString(cgroup.resolve("cgroup.procs")).isBlank() && System.nanoTime() - giveUp < 0) {
                Thread.sleep(20);
            }
            Files.deleteIfExists(cgroup);
        }
    }
}
