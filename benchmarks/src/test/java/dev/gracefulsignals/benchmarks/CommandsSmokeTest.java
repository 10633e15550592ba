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
    void roundsLabelsBothRegimesAndShowsWhereTheWakeUpsGo() throws Exception {
        List<String> lines = run("rounds", "--rounds", "1", "-n", "5", "--warmup", "2", "--gap-us", "2000",
                "--subjects", "c-one,c-two,native-core");
        assertThat(lines.get(0)).startsWith("regimes back-to-back,sporadic gap_us=2000 n=5 warmup=2 sender=harness pid ");
        for (String regime : RoundsCommand.REGIMES) {
            for (String subject : List.of("c-one", "c-two", "native-core")) {
                String key = "regime=" + regime + " subject=" + subject;
                assertThat(lines).anyMatch(line -> line.matches("round 1 " + key + " p50_us=" + MICROS + " p99_us=" + MICROS));
                assertThat(lines).anyMatch(line -> line.matches("pooled " + key + " n=5 p50_us=.*"));
                assertThat(lines).anyMatch(line -> line.matches("stages " + key + " kill_to_handler_p50_us=" + MICROS + ".*"));
                assertThat(lines).anyMatch(line -> line.matches("threads " + key + " vcsw_per_signal=[\\d.]+ cpu_us_per_signal=" + MICROS));
            }
            // The C reference's one thread wakes at least once per signal, and the lines name it.
            assertThat(lines).anyMatch(line -> line.matches("thread regime=" + regime + " subject=c-one thread=reference-recei#1 vcsw_per_signal=.*"));
            assertThat(lines).anyMatch(line -> line.matches("ratio regime=" + regime + " native-core_over_c-two p50=[\\d.]+ p99=[\\d.]+"));
        }
    }

    @Test
    void footprintComparesTheAppWithTheStartersJarsAgainstWithoutThem() throws Exception {
        List<String> lines = run("footprint", "--stacks", "netty", "--rounds", "1", "--settle-ms", "0");
        String figures = " rss_kib_median=\\d+ heap_used_kib_median=\\d+ classes_median=\\d+ os_threads_median=\\d+ java_threads_median=\\d+";
        assertThat(lines).anyMatch(line -> line.matches("footprint stack=netty variant=plain n=1" + figures));
        assertThat(lines).anyMatch(line -> line.matches("footprint stack=netty variant=starter n=1" + figures));
        assertThat(lines).anyMatch(line -> line.matches("difference footprint stack=netty starter_minus_plain rss_kib=-?\\d+ .*"));
        // Without means without: the plain app has none of the starter's threads, the starter's has its dispatcher.
        assertThat(lines).anyMatch(line -> line.startsWith("threads footprint stack=netty only_with_starter=") && line.contains("graceful-signals-1"));
    }

    @Test
    void throughputLoadsBothVariantsWithWrkOnLoopback() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/wrk").canExecute(), "wrk is installed (apt-get install wrk)");
        List<String> lines = run("throughput", "--stacks", "tomcat", "--rounds", "1", "--duration", "1", "--warmup", "0", "--connections", "2");
        for (String variant : List.of("plain", "starter")) {
            assertThat(lines).anyMatch(line -> line.matches("throughput stack=tomcat variant=" + variant
                    + " n=1 rps_median=[\\d.]+ p50_us_median=[\\d.]+ p99_us_median=[\\d.]+ rps_min=[\\d.]+ rps_max=[\\d.]+"));
        }
        assertThat(lines).anyMatch(line -> line.matches("ratio throughput stack=tomcat starter_over_plain rps=[\\d.]+ p50=[\\d.]+ p99=[\\d.]+"));
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
        assertThat(Main.run(new String[] {"rounds", "--regimes", "hourly"}, out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"throughput", "--stacks", "jetty"}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown --api 'swing': use core or spring")
                .contains("--api spring has @OnSignal methods for")
                .contains("--starter takes on or off")
                .contains("Unknown option(s) [--bogus]")
                .contains("Unknown --regimes entry 'hourly'")
                .contains("Unknown stack 'jetty'");
    }

    private static List<String> run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).as("exit code of %s", List.of(args)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
