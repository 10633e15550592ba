package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults injected in child JVMs: each must be survived, or end in the JVM's own behaviour, never in a hang. */
class FaultToleranceTest {

    @Test
    void aListenerThatCallsSystemExitWhileAShutdownHookUnsubscribesStillExits() throws Exception {
        try (ChildJvm child = ChildJvm.start(FaultChild.class, List.of(), "exit-in-listener")) {
            child.awaitLine("ready");
            Kill.process(child.pid(), Signal.USR1);
            // Closing the subscription must not wait for the dispatcher thread, which is inside System.exit.
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as(child.output()).isEqualTo(3);
        }
    }

    @Test
    void aDispatcherWhosePipeBreaksGivesTheSignalsBackToTheJvm() throws Exception {
        try (ChildJvm child = ChildJvm.start(FaultChild.class, List.of(), "broken-pipe")) {
            child.awaitLine("ready");
            child.send("break");
            // The dispatcher may log before the child prints "broken": wait for the log line alone.
            child.awaitLine(line -> line.contains("restored the previous handlers of [SIGUSR1, SIGTERM]"), Duration.ofSeconds(30));
            assertThat(child.output()).doesNotContain("Could not stop").doesNotContain("Bad file descriptor");
            child.send("resubscribe");
            child.awaitLine("resubscribed backend=NATIVE");
            child.send("release");
            child.awaitLine("released");
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as("the JVM's own TERM handling is back").isEqualTo(143);
        }
    }

    @ParameterizedTest
    @CsvSource({"NATIVE,false,[SIGHUP],false", "NATIVE,true,[],true", "JVM,false,[SIGHUP],false", "JVM,true,[SIGHUP],false"})
    void anInheritedIgnoredHupIsRespectedAndOnlyTheNativeBackendCanForceIt(Backend backend, boolean force, String leftIgnored,
                                                                          boolean delivered) throws Exception {
        try (ChildJvm child = ChildJvm.startIgnoring("HUP", FaultChild.class, List.of(), "ignored-hup", backend.name(),
                Boolean.toString(force))) {
            assertThat(child.awaitLine("ready")).endsWith("leftIgnored=" + leftIgnored);
            Kill.process(child.pid(), Signal.HUP);
            if (delivered) {
                child.awaitLine("got SIGHUP");
            } else {
                // WINCH after HUP, through the same backend: once it arrived, a delivered HUP would have been printed.
                Kill.process(child.pid(), Signal.WINCH);
                child.awaitLine("got SIGWINCH");
                assertThat(child.output()).doesNotContain("got SIGHUP");
            }
            assertThat(child.process().isAlive()).as("an ignored HUP does not end the process").isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"missing", "corrupt"})
    void aMissingOrCorruptNativeLibraryFallsBackToTheJvmBackendWithAWarning(String fault, @TempDir Path dir) throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && Files.exists(path.resolve("linux-x86-64/libgracefulsignals.so"))) {
                if (fault.equals("missing")) {
                    // The core classes without the library, as on a platform we ship none for.
                    Path copy = dir.resolve("classes");
                    try (var files = Files.walk(path)) {
                        for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".so")).toList()) {
                            Path target = copy.resolve(path.relativize(file).toString());
                            Files.createDirectories(target.getParent());
                            Files.copy(file, target);
                        }
                    }
                    classPath.add(copy.toString());
                    continue;
                }
                // A truncated download or a bad disk: found first on the class path, and not a shared object.
                Path corrupt = dir.resolve("corrupt/linux-x86-64/libgracefulsignals.so");
                Files.createDirectories(corrupt.getParent());
                Files.write(corrupt, "not an ELF file".getBytes());
                classPath.add(dir.resolve("corrupt").toString());
            }
            classPath.add(entry);
        }
        try (ChildJvm child = ChildJvm.startOnClassPath(String.join(File.pathSeparator, classPath), FaultChild.class, List.of(),
                "auto-backend")) {
            assertThat(child.awaitLine("ready")).isEqualTo("ready backend=JVM");
            assertThat(child.output()).contains("WARN").contains("falls back to the jvm backend")
                    .contains(fault.equals("missing")
                            ? "the native library linux-x86-64/libgracefulsignals.so for Linux x86-64 with glibc is not on the class path"
                            : "the native library did not load");
            Kill.process(child.pid(), Signal.USR1);
            child.awaitLine("got SIGUSR1");
        }
    }

    @ParameterizedTest
    @CsvSource({"NATIVE", "JVM"})
    void underXrsTheNativeBackendTakesTermAndTheJvmBackendSaysWhyItCannot(Backend backend) throws Exception {
        try (ChildJvm child = ChildJvm.start(TermChild.class, List.of("-Xrs"), backend.name())) {
            if (backend == Backend.JVM) {
                assertThat(child.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
                assertThat(child.output()).contains("the JVM refused to hand over SIGTERM").contains("-Xrs");
                return;
            }
            child.awaitLine("ready backend=NATIVE");
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("got SIGTERM");
            child.send("release");
            child.awaitLine("released");
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as("-Xrs left TERM at SIG_DFL, which we restored").isEqualTo(143);
        }
    }
}
