package dev.gracefulsignals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.List;

import org.junit.jupiter.api.Test;

/** "Without the starter" means without its jars: what the plain web app's class path leaves out. */
class WebClassPathTest {

    @Test
    void thePlainClassPathLeavesOutTheStartersJarsAndOnlyThem() throws Exception {
        assertThat(List.of(
                "/r/core/target/graceful-signals-core-0.1.0-SNAPSHOT.jar",
                "/m2/dev/gracefulsignals/graceful-signals-spring-boot-autoconfigure/0.1.0-SNAPSHOT/graceful-signals-spring-boot-autoconfigure-0.1.0-SNAPSHOT.jar",
                "/tmp/x/BOOT-INF/lib/graceful-signals-spring-boot-starter-0.1.0-SNAPSHOT.jar",
                "/tmp/x/BOOT-INF/lib/jna-5.17.0.jar",
                "/r/core/target/classes",
                "/r/autoconfigure/target/classes/")).allMatch(WebClassPath.isStarter());
        assertThat(List.of(
                "/r/benchmarks/target/classes",
                "/r/benchmarks/target/test-classes",
                "/tmp/x/BOOT-INF/lib/spring-boot-4.0.7.jar",
                "/tmp/x/BOOT-INF/lib/spring-boot-autoconfigure-4.0.7.jar",
                "/tmp/x/BOOT-INF/lib/tomcat-embed-core-11.0.22.jar")).noneMatch(WebClassPath.isStarter());

        String plain = WebClassPath.of("plain", null);
        String starter = WebClassPath.of("starter", null);
        assertThat(plain.split(File.pathSeparator)).noneMatch(WebClassPath.isStarter());
        assertThat(starter.split(File.pathSeparator)).anyMatch(WebClassPath.isStarter());
        assertThat(starter.split(File.pathSeparator)).containsAll(List.of(plain.split(File.pathSeparator)));
    }

    @Test
    void theBaselineVariantNeedsAJarThatExists() {
        assertThatThrownBy(() -> WebClassPath.of("baseline", null)).hasMessageContaining("--baseline-autoconfigure");
        assertThatThrownBy(() -> WebClassPath.of("disabled", null)).hasMessageContaining("use plain, starter or baseline");
    }
}
