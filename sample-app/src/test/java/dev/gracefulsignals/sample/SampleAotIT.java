package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample jar processed by Spring AOT ({@code mvn -Paot verify}) and run in AOT mode on the JVM: the bean
 * factory comes from generated code, as in a native image, and @OnSignal methods and the shutdown still work.
 * What this does not cover (a GraalVM native image itself) is listed in docs/troubleshooting.md.
 */
class SampleAotIT {

    /** What process-aot wrote for native-image: the hints of Spring's AOT engine and of our registrar. */
    private static final Path METADATA = Path.of(
            "target/spring-aot/main/resources/META-INF/native-image/dev.gracefulsignals/graceful-signals-sample-app/reachability-metadata.json");

    @TempDir
    Path dataDir;

    @Test
    void processAotWroteTheHintsANativeImageNeeds() throws Exception {
        JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());

        assertThat(entry(metadata, "reflection", "type", "dev.gracefulsignals.sample.StatusDump").path("methods").findValuesAsString("name"))
                .as("@OnSignal is @Reflective: the method is registered for invocation").contains("dump");
        for (String directMapped : List.of("dev.gracefulsignals.signal.NativeHandler", "dev.gracefulsignals.internal.LibC")) {
            assertThat(entry(metadata, "jni", "type", directMapped).path("allDeclaredMethods").asBoolean()).as(directMapped).isTrue();
        }
        for (String library : List.of("linux-x86-64", "linux-aarch64", "linux-x86-64-musl")) {
            assertThat(entry(metadata, "resources", "glob", library + "/libgracefulsignals.so").isMissingNode()).isFalse();
        }
    }

    private static JsonNode entry(JsonNode metadata, String section, String key, String value) {
        for (JsonNode entry : metadata.path(section)) {
            if (value.equals(entry.path(key).asString())) {
                return entry;
            }
        }
        throw new AssertionError("no " + section + " entry with " + key + "=" + value + " in " + METADATA);
    }

    @Test
    void inAotModeUsr1ReachesItsOnSignalMethodAndTermRunsTheWholeSequenceWith143() throws Exception {
        try (SampleAppProcess app = SampleAppProcess.start(dataDir, List.of("-Dspring.aot.enabled=true"))) {
            assertThat(app.output()).as("the generated bean factory is in use").contains("Starting AOT-processed SampleApplication");

            app.signal("USR1");
            // Readiness is not asserted: Boot publishes ACCEPTING_TRAFFIC just after the ready event that logs "ready".
            assertThat(app.awaitLine("status (asked by pid " + ProcessHandle.current().pid())).contains("shutdown=no");

            app.signal("TERM");
            assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app.output()).isEqualTo(143);
            String output = app.output();
            assertThat(output.indexOf("hook 1/2 flushBuffer")).as(output).isPositive()
                    .isLessThan(output.indexOf("hook 2/2 deregister"));
            assertThat(output).containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143");
        }
    }
}
