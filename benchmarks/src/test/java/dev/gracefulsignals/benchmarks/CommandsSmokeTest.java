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
        assertThat(lines).hasSize(5);
        for (String backend : List.of("native", "jvm")) {
            assertThat(lines).anyMatch(line -> line.matches("latency backend=" + backend + " api=core n=20 p50_us=" + MICROS
                    + " p90_us=" + MICROS + " p99_us=" + MICROS + " max_us=" + MICROS));
            assertThat(lines).anyMatch(line -> line.matches("stages backend=" + backend + " api=core capture_p50_us=" + MICROS
                    + " capture_p99_us=" + MICROS + " dispatch_p50_us=" + MICROS + " dispatch_p99_us=" + MICROS));
        }
        assertThat(lines).anyMatch(line -> line.matches("ratio api=core jvm_over_native p50=[\\d.]+ p90=[\\d.]+ p99=[\\d.]+"));
        assertThat(Files.size(plot)).isPositive();
    }

    @Test
    void stormPrintsItsFiguresForEachBackend() throws Exception {
        List<String> lines = run("storm", "-n", "2000", "--warmup", "5");
        assertThat(lines).hasSize(2);
        for (String backend : List.of("native", "jvm")) {
            assertThat(lines).anyMatch(line -> line.matches("storm backend=" + backend + " api=core sent=2000 send_per_s=" + COUNT
                    + " events=" + COUNT + " counts=" + COUNT + " dispatcher_cpu_ms=" + COUNT + " signal_thread_cpu_ms=" + COUNT
                    + " process_cpu_ms=" + COUNT + " rss_before_kib=" + COUNT + " rss_after_kib=" + COUNT + " rss_growth_kib=-?" + COUNT
                    + " probe_us=" + MICROS + " settle_ms=" + COUNT));
        }
    }

    @Test
    void unbuiltCommandsAndApisFailWithTheReason() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"receiver", "--backend", "native", "--api", "spring", "--signal", "USR1"}, out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"startup"}, out, errors)).isEqualTo(2);
        assertThat(Main.run(new String[] {"latency", "--bogus", "1"}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--api spring needs the Spring Boot starter")
                .contains("Unknown command 'startup': it needs the Spring Boot starter")
                .contains("Unknown option(s) [--bogus]");
    }

    private static List<String> run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).as("exit code of %s", List.of(args)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
