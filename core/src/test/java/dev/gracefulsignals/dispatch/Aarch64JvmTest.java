package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/**
 * The Java path on aarch64: Debian's arm64 JRE under qemu-user (unpacked by {@code .ci/arm64-jre} into
 * {@code $ARM64_ROOT}) runs a child on this test's class path, so JNA loads its aarch64 dispatch library and the
 * loader our {@code linux-aarch64} handler. Skipped without {@code ARM64_ROOT} on a developer's machine; in CI
 * ({@code CI=true}) its absence fails.
 */
class Aarch64JvmTest {

    @Test
    void onAnArm64JvmTheNativeBackendDeliversUsr1WithItsOriginAndLettingGoOfTermExitsWith143() throws Exception {
        String root = System.getenv("ARM64_ROOT");
        Path java = root == null ? null : Path.of(root, "usr/lib/jvm/java-17-openjdk-arm64/bin/java");
        boolean present = java != null && Files.isExecutable(java) && Files.isExecutable(Path.of("/usr/bin/qemu-aarch64-static"));
        if ("true".equals(System.getenv("CI"))) {
            if (!present) {
                fail("CI must run the arm64 JVM: set ARM64_ROOT to a directory prepared by .ci/arm64-jre (and install qemu-user-static)");
            }
        } else {
            assumeTrue(present, "no arm64 JRE: run .ci/arm64-jre <dir> and set ARM64_ROOT=<dir>");
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu",
                "-E", "LD_LIBRARY_PATH=" + root + "/lib/aarch64-linux-gnu:" + root + "/usr/lib/aarch64-linux-gnu",
                java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-cp", System.getProperty("java.class.path"), TermChild.class.getName(), "NATIVE", "USR1", "TERM"));

        try (ChildJvm child = ChildJvm.startCommand(command)) {
            String origin = "from pid " + ProcessHandle.current().pid() + " uid " + LibC.getuid();
            // Emulated, a JVM starts in seconds rather than milliseconds: generous bounds, no timing asserted.
            assertThat(child.awaitLine(line -> line.startsWith("ready"), Duration.ofMinutes(3)))
                    .isEqualTo("ready backend=NATIVE arch=aarch64 rtmin=34");

            Kill.process(child.pid(), Signal.USR1);
            assertThat(child.awaitLine(line -> line.startsWith("got SIGUSR1"), Duration.ofMinutes(1))).endsWith(origin);
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitLine(line -> line.startsWith("got SIGTERM"), Duration.ofMinutes(1))).endsWith(origin);

            child.send("release");
            child.awaitLine(line -> line.equals("released"), Duration.ofMinutes(1));
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofMinutes(1))).as(child.output()).isEqualTo(143);
        }
    }
}
