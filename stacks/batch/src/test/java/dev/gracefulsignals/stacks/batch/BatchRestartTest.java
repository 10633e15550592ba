package dev.gracefulsignals.stacks.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Batch 6 job (Boot 4's JDBC job repository and job launcher, {@link BatchChildApp}) takes TERM in the middle
 * of its 200 items: with the starter its step stops after the chunk in hand is committed, the execution ends STOPPED and
 * the next start restarts it where it stopped, every item written once. Side by side, Boot alone: the execution stays
 * STARTED, the next start refuses to run it, and only the documented recovery ({@code JobOperator.recover}) makes it
 * restartable.
 */
class BatchRestartTest {

    @TempDir
    Path directory;

    @Test
    void theJobStopsAfterTheChunkInHandAndTheNextStartRestartsIt() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("batch");
        try (ChildJvm child = start(url)) {
            awaitWritten(child, 60);
            Kill.process(child.pid(), Signal.TERM);
            // 4 (STOPPED) from Boot's JobExecutionExitCodeGenerator, which as every non-zero ExitCodeGenerator wins over 143:
            // stop-intake waits until Boot's launcher has reported the stopped execution to it, so never 143 by a race.
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(4);
            String report = child.output().lines().filter(line -> line.contains("graceful-shutdown trigger=SIGTERM")).findFirst()
                    .orElseThrow(() -> new AssertionError("no report line:\n" + child.output()));
            assertThat(report).as(child.output()).contains("outcome=completed").contains("stop-intake:").contains("exit=4");
            assertThat(child.output()).contains("ended STOPPED");
        }
        assertThat(statuses(url)).as("the execution and its step ended STOPPED, restartable")
                .containsExactly("job 1 STOPPED", "step write of job 1 STOPPED");
        List<Integer> before = written(url);
        assertThat(before.size()).as("whole chunks only: the chunk in hand was committed, nothing after it")
                .isBetween(60, BatchChildApp.ITEMS - BatchChildApp.CHUNK).matches(size -> size % BatchChildApp.CHUNK == 0, "a multiple of the chunk");
        assertThat(before).as("the first items, in order, once each").isEqualTo(range(1, before.size()));

        try (ChildJvm restart = start(url)) {
            assertThat(restart.awaitExit(Duration.ofSeconds(90))).as(restart.output()).isZero();
            assertThat(restart.output()).as("resumed after the last committed chunk")
                    .contains("writing " + (before.size() + 1) + ".." + (before.size() + BatchChildApp.CHUNK));
        }
        assertThat(statuses(url)).containsExactly("job 1 STOPPED", "step write of job 1 STOPPED", "job 2 COMPLETED",
                "step write of job 2 COMPLETED");
        assertEveryItemOnce(url);
    }

    @Test
    void theDeadlineCutsTheChunkInHandAndTheNextStartStillRestartsAfterTheLastCommittedOne() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("batch");
        // A chunk takes 4 s, the whole shutdown may take 2: the deadline ends the process with the second chunk in hand.
        try (ChildJvm child = start(url, "--app.item-time=400ms", "--graceful.shutdown.timeout=2s")) {
            awaitWritten(child, BatchChildApp.CHUNK);
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).contains("stopping job execution 1").doesNotContain("ended STOPPED");
        }
        assertThat(statuses(url)).as("Batch's stop wrote STOPPED before the chunk in hand was cut")
                .containsExactly("job 1 STOPPED", "step write of job 1 STOPPED");
        assertThat(written(url)).as("the chunk in hand was rolled back").isEqualTo(range(1, BatchChildApp.CHUNK));

        try (ChildJvm restart = start(url, "--app.item-time=5ms")) {
            assertThat(restart.awaitExit(Duration.ofSeconds(90))).as(restart.output()).isZero();
        }
        assertThat(statuses(url)).containsExactly("job 1 STOPPED", "step write of job 1 STOPPED", "job 2 COMPLETED",
                "step write of job 2 COMPLETED");
        assertEveryItemOnce(url);
    }

    @Test
    void bootAloneLeavesTheExecutionStartedAndTheNextStartRefusesIt() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("batch");
        try (ChildJvm child = start(url, "--graceful.enabled=false")) {
            awaitWritten(child, 60);
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
        }
        assertThat(statuses(url)).as("Boot closed the context under the running job: nothing recorded its end")
                .containsExactly("job 1 STARTED", "step write of job 1 STARTED");

        try (ChildJvm restart = start(url, "--graceful.enabled=false")) {
            assertThat(restart.awaitExit(Duration.ofSeconds(60))).as(restart.output()).isEqualTo(1);
            assertThat(restart.output()).contains("JobExecutionAlreadyRunningException")
                    .contains("A job execution for this job is already running");
        }
        assertThat(statuses(url)).as("no new execution").containsExactly("job 1 STARTED", "step write of job 1 STARTED");

        try (ChildJvm recovered = start(url, "--graceful.enabled=false", "--app.recover=true")) {
            assertThat(recovered.awaitExit(Duration.ofSeconds(90))).as(recovered.output()).isZero();
        }
        assertThat(statuses(url)).containsExactly("job 1 FAILED", "step write of job 1 FAILED", "job 2 COMPLETED",
                "step write of job 2 COMPLETED");
        assertEveryItemOnce(url);
    }

    private static ChildJvm start(String url, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=sa","--spring.batch.jdbc.initialize-schema=always",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(more));
        return ChildJvm.start(BatchChildApp.class, List.of(), args.toArray(String[]::new));
    }

    /** Waits until the writer has got at least this far: TERM then comes in the middle of the job. */
    private static void awaitWritten(ChildJvm child, int items) throws InterruptedException {
        child.awaitLine(line -> line.startsWith("writing ") && Integer.parseInt(line.substring(line.indexOf("..") + 2)) >= items,
                Duration.ofSeconds(90));
    }

    private static void assertEveryItemOnce(String url) throws SQLException {
        Map<Integer, Integer> times = new TreeMap<>();
        for (int id : written(url)) {
            times.merge(id, 1, Integer::sum);
        }
        assertThat(times).as("every item 1..200 written").hasSize(BatchChildApp.ITEMS).containsOnlyKeys(range(1, BatchChildApp.ITEMS));
        assertThat(times.values()).as("each exactly once").containsOnly(1);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            ids.add(id);
        }
        return ids;
    }

    /** What the job repository says: each job execution in the order they ran, then its steps. */
    private static List<String> statuses(String url) throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT e.JOB_EXECUTION_ID, e.STATUS, s.STEP_NAME, s.STATUS FROM BATCH_JOB_EXECUTION e"
                     + " LEFT JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID ORDER BY e.JOB_EXECUTION_ID, s.STEP_EXECUTION_ID")) {
            long last = -1;
            int job = 0; // the first, second... execution: ids may skip (H2 hands out sequence values in batches)
            while (rows.next()) {
                if (rows.getLong(1) != last) {
                    last = rows.getLong(1);
                    statuses.add("job " + ++job + " " + rows.getString(2));
                }
                if (rows.getString(3) != null) {
                    statuses.add("step " + rows.getString(3) + " of job " + job + " " + rows.getString(4));
                }
            }
        }
        return statuses;
    }

    /** The ids in the order they were written. */
    private static List<Integer> written(String url) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT id FROM written ORDER BY _ROWID_")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        }
        return ids;
    }
}
