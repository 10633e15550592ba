package dev.gracefulsignals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each command with a tiny n against the built classes: real receiver JVMs, real signals
 * (sent only to those children). Checks that the output lines keep their protocol; no timing
 * assertions, the figures only have to parse.
 */
class CommandsSmokeTest {

    private static final String MICROS = "\\d+\\.\\d";
    private static final String COUNT = "\\d+";
    private static final String RATIOS = " p50=[\\d.]+ p90=[\\d.]+ p99=[\\d.]+";
    private static final String MILLIS = " median_ms=" + MICROS + " min_ms=" + MICROS + " max_ms=" + MICROS;

    @Test
    void receiverPrintsReadyThenOneNanoTimeLinePerSignal() throws Exception {
        // start() returns only after the line "ready"
        try (ReceiverProcess receiver = ReceiverProcess.start(Backend.NATIVE, ReceiverApi.named("core"), Signal.USR1)) {
            for (int i = 0; i < 3; i++) {
                long before = System.nanoTime();
                receiver.kill(Signal.USR1);
                String line = receiver.nextLine(Duration.ofSeconds(30));
                assertThat(line).matches("\\d+");
                assertThat(Long.parseLong(line)).isGreaterThan(before);
            }
        }
    }

    @Test
    void latencyPrintsItsLinesPerConfigurationAndWritesThePlot(@TempDir Path dir) throws Exception {
        Path plot = dir.resolve("latency.png");
        List<String> lines = run("latency", "-n", "20", "--warmup", "5", "--plot", plot.toString(), "--stages");
        assertThat(lines).hasSize(12);
        for (String api : List.of("core", "spring")) {
            for (String backend : List.of("native", "jvm")) {
                assertThat(lines).anyMatch(line -> line.matches("latency backend=" + backend + " api=" + api + " n=20 p50_us=" + MICROS
                        + " p90_us=" + MICROS + " p99_us=" + MICROS + " max_us=" + MICROS));
                assertThat(lines).anyMatch(line -> line.matches("stages backend=" + backend + " api=" + api + " capture_p50_us=" + MICROS
                        + " capture_p99_us=" + MICROS + " dispatch_p50_us=" + MICROS + " dispatch_p99_us=" + MICROS));
            }
            assertThat(lines).anyMatch(line -> line.matches("ratio api=" + api + " jvm_over_native" + RATIOS));
        }
        assertThat(lines).anyMatch(line -> line.matches("ratio backend=native spring_over_core" + RATIOS));
        assertThat(lines).anyMatch(line -> line.matches("ratio backend=jvm spring_over_core" + RATIOS));
        assertThat(Files.size(plot)).isPositive();
    }

    @Test
    void stormPrintsItsFiguresForEachBackendAndApi() throws Exception {
        // Both backends with core, and the spring API's report mode on one backend: enough to keep every path honest on 2 cores.
        List<String> lines = new java.util.ArrayList<>(run("storm", "-n", "2000", "--warmup", "5", "--apis", "core"));
        lines.addAll(run("storm", "-n", "2000", "--warmup", "5", "--apis", "spring", "--backends", "native"));
        assertThat(lines).hasSize(3);
        for (String configuration : List.of("backend=native api=core", "backend=jvm api=core", "backend=native api=spring")) {
            assertThat(lines).anyMatch(line -> line.matches("storm " + configuration + " sent=2000 send_per_s=" + COUNT
                    + " events=" + COUNT + " counts=" + COUNT + " dispatcher_cpu_ms=" + COUNT + " signal_thread_cpu_ms=" + COUNT
                    + " process_cpu_ms=" + COUNT + " rss_before_kib=" + COUNT + " rss_after_kib=" + COUNT + " rss_growth_kib=-?" + COUNT
                    + " probe_us=" + MICROS + " settle_ms=" + COUNT));
        }
    }

    @Test
    void startupAndShutdownPrintBothVariantsAndTheirRatio() throws Exception {
        List<String> startup = run("startup", "-n", "1", "--warmup", "0");
        assertThat(startup).hasSize(4);
        assertThat(startup.get(0)).matches("startup variant=plain backend=none n=1" + MILLIS);
        assertThat(startup.get(1)).matches("startup variant=starter backend=native n=1" + MILLIS);
        assertThat(startup.get(2)).matches("ratio startup starter_over_plain median=[\\d.]+ overhead_pct=-?[\\d.]+");
        // Each started app reports its main thread's CPU time to ready: the goal is measured on that, not on wall time.
        assertThat(startup.get(3)).matches("ratio startup main_thread_cpu starter_over_plain median=[\\d.]+ overhead_pct=-?[\\d.]+"
                + " plain_median_ms=[\\d.]+ starter_median_ms=[\\d.]+");

        List<String> shutdown = run("shutdown", "-n", "1", "--warmup", "0");
        assertThat(shutdown).hasSize(3);
        // 143 = 128 + SIGTERM both ways: the JVM's own exit without the starter, the starter's sequence with it.
        assertThat(shutdown.get(0)).matches("shutdown variant=plain backend=none n=1" + MILLIS + " exit_codes=143");
        assertThat(shutdown.get(1)).matches("shutdown variant=starter backend=native n=1" + MILLIS + " exit_codes=143");
        assertThat(shutdown.get(2)).matches("ratio shutdown starter_over_plain median=[\\d.]+ overhead_pct=-?[\\d.]+");
    }

    @Test
    void usageErrorsFailWithTheReason() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"receiver", "--backend", "native", "--api", "swing", "--signal", "USR1"}, out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"receiver", "--backend", "native", "--api", "spring", "--signal", "HUP"}, out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"boot-app", "--starter", "maybe"}, out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"latency", "--bogus", "1"}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown --api 'swing': use core or spring")
                .contains("--api spring has @OnSignal methods for")
                .contains("--starter takes on or off")
                .contains("Unknown option(s) [--bogus]");
    }

    private static List<String> run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).as("exit code of %s", List.of(args)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
