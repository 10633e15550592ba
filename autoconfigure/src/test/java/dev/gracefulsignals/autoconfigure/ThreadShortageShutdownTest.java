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
import org.junit.jupiter.api.Test;

/**
 * A child JVM that can make no new thread at all (a pids cgroup limited to the threads it has, as a
 * container at its pids limit) still shuts down on TERM: the sequence and deadline threads were made
 * before any signal, the hooks run on the sequence thread when no thread of their own can be made, the
 * report is written and the process exits with 143. Needs a writable cgroup v1 pids hierarchy; skipped
 * with a message elsewhere.
 */
class ThreadShortageShutdownTest {

    private static final Path PIDS = Path.of("/sys/fs/cgroup/pids");

    @Test
    void termWithNoThreadLeftToMakeStillRunsTheHooksAndExits() throws Exception {
        Path cgroup = PIDS.resolve("graceful-signals-test-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(cgroup);
        } catch (IOException | UnsupportedOperationException notHere) {
            Assumptions.abort("no writable cgroup v1 pids hierarchy at " + PIDS + " (" + notHere + "): the thread-shortage test is skipped");
        }
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of())) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(child.pid()));
            String current = Files.readString(cgroup.resolve("pids.current")).trim();
            Files.writeString(cgroup.resolve("pids.max"), current); // not one thread more
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
            assertThat(Long.parseLong(Files.readString(cgroup.resolve("pids.events")).replaceAll("\\D+", " ").trim().split(" ")[0]))
                    .as("thread creation really failed in the child").isPositive();
            assertThat(child.output()).contains("hook first", "hook second", "hook third")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143");
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }
}
