package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulsignals.internal.LibC;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each shipped library, linked into {@code src/test/c/harness.c} and run on its own platform: natively for
 * x86-64 (glibc and musl), under qemu-user for aarch64. The harness raises and sends real signals and checks
 * counts, origin, the non-blocking pipe, errno, restore and a forked child (its file says how); this test
 * adds that the constants the Java side hard-codes are that platform's.
 */
class NativeHarnessTest {

    private static final Path HARNESS = Path.of("src/test/c/harness.c");

    @ParameterizedTest
    @EnumSource(ShippedLibrary.class)
    void theHandlerPassesTheHarnessOnItsPlatform(ShippedLibrary platform, @TempDir Path dir) throws Exception {
        Path executable = platform.compileAgainst(platform.copyTo(dir), HARNESS.toAbsolutePath(), dir);

        ShippedLibrary.Result result = ShippedLibrary.run(platform.command(executable));

        assertThat(result.output()).as("harness on %s", platform.directory).doesNotContain("FAIL").endsWith("PASS\n");
        assertThat(result.status()).isZero();
        Map<String, Long> constants = constants(result.output());
        assertThat(constants).containsAllEntriesOf(Map.ofEntries(
                Map.entry("O_NONBLOCK", (long) LibC.O_NONBLOCK), Map.entry("O_CLOEXEC", (long) LibC.O_CLOEXEC),
                Map.entry("F_GETFD", (long) LibC.F_GETFD), Map.entry("F_GETFL", (long) LibC.F_GETFL),
                Map.entry("F_SETFL", (long) LibC.F_SETFL), Map.entry("FD_CLOEXEC", (long) LibC.FD_CLOEXEC),
                Map.entry("EINTR", (long) LibC.EINTR), Map.entry("EAGAIN", (long) LibC.EAGAIN),
                Map.entry("AF_UNIX", (long) LibC.AF_UNIX), Map.entry("SOCK_DGRAM", (long) LibC.SOCK_DGRAM),
                Map.entry("SOCK_CLOEXEC", (long) LibC.SOCK_CLOEXEC), Map.entry("MSG_NOSIGNAL", (long) LibC.MSG_NOSIGNAL),
                Map.entry("MSG_DONTWAIT", (long) LibC.MSG_DONTWAIT),
                Map.entry("SIGRTMIN", (long) platform.libc.sigrtmin()), Map.entry("SIGRTMAX", (long) Signal.RTMAX)));
        for (String name : List.of("HUP", "INT", "QUIT", "USR1", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT", "STOP",
                "TSTP", "WINCH", "SYS")) {
            assertThat(constants.get("SIG" + name)).as("SIG" + name).isEqualTo(Signal.of(name).number());
        }
    }

    @ParameterizedTest
    @EnumSource(ShippedLibrary.class)
    void theLoaderRecognisesTheCLibraryOfARunningProcess(ShippedLibrary platform, @TempDir Path dir) throws Exception {
        Path executable = platform.compileAgainst(platform.copyTo(dir), HARNESS.toAbsolutePath(), dir);
        Process process = new ProcessBuilder(platform.command(executable, "wait")).redirectErrorStream(true).start();
        try {
            // main() runs once the C library is mapped; under qemu the guest's files appear among the host process's mappings.
            assertThat(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("waiting");
            assertThat(NativePlatform.detectLibc(Path.of("/proc", Long.toString(process.pid()), "maps"))).isEqualTo(platform.libc);
        } finally {
            process.getOutputStream().close();
            process.waitFor();
        }
    }

    private static Map<String, Long> constants(String output) {
        Map<String, Long> constants = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] words = line.split(" ");
            if (words.length == 3 && words[0].equals("const")) {
                constants.put(words[1], Long.parseLong(words[2]));
            }
        }
        return constants;
    }
}
