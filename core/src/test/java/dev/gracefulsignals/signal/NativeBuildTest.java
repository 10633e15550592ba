package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build script the core module runs: without a C compiler it must fail loudly, not ship a jar without the handler. */
class NativeBuildTest {

    @Test
    void withoutACompilerTheBuildFailsNamingTheFix(@TempDir Path out) throws Exception {
        ProcessBuilder build = new ProcessBuilder("bash", "src/main/c/build.sh", out.toString()).redirectErrorStream(true);
        build.environment().put("CC", "no-such-compiler");
        Process process = build.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isEqualTo(1);
        assertThat(output).contains("'no-such-compiler' was not found").contains("apt-get install -y gcc");
        assertThat(out.resolve("linux-x86-64/libgracefulsignals.so")).doesNotExist();
    }

    @Test
    void withGccItBuildsTheLibrary(@TempDir Path out) throws Exception {
        Process process = new ProcessBuilder("bash", "src/main/c/build.sh", out.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(Files.size(out.resolve("linux-x86-64/libgracefulsignals.so"))).isPositive();
    }
}
