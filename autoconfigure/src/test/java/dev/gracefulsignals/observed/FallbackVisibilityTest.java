package dev.gracefulsignals.observed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pod that fell back to the jvm backend is visible where a fleet looks: the {@code signals.fallback} gauge is 1 on a
 * Prometheus scrape and the {@code signals} health contributor says {@code fallback} with the reason. Made real by a
 * corrupt native library found first on the class path (a truncated download), against the library as shipped.
 */
class FallbackVisibilityTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFallBackShowsOnTheGaugeAndInHealth(boolean corrupt, @TempDir Path dir) throws Exception {
        List<String> classPath = new ArrayList<>();
        if (corrupt) {
            Path library = dir.resolve("linux-x86-64/libgracefulsignals.so");
            Files.createDirectories(library.getParent());
            Files.writeString(library, "not an ELF file");
            classPath.add(dir.toString());
        }
        classPath.add(System.getProperty("java.class.path"));
        try (ChildJvm child = ChildJvm.startOnClassPath(String.join(File.pathSeparator, classPath), ObservedApp.class, List.of(),
                "--server.port=0", "--management.endpoints.web.exposure.include=health,prometheus,signals",
                "--management.endpoint.health.show-details=always")) {
            String port = child.awaitLine(line -> line.startsWith("port "), Duration.ofSeconds(90)).substring(5);
            String base = "http://localhost:" + port + "/actuator/";

            assertThat(get(base + "prometheus")).contains("signals_fallback " + (corrupt ? "1.0" : "0.0"));
            JsonNode signals = JsonMapper.builder().build().readTree(get(base + "health")).get("components").get("signals").get("details");
            assertThat(signals.get("backend").asString()).isEqualTo(corrupt ? "jvm" : "native");
            assertThat(signals.get("fallback").asBoolean()).isEqualTo(corrupt);
            if (corrupt) {
                assertThat(signals.get("backendReason").asString()).startsWith("fallback: ").contains("did not load");
            }
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
