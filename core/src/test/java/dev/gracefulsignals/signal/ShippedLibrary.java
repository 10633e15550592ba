package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One native library the core jar ships, with the toolchain that builds a C program against it and the
 * command that runs that program on the library's platform (natively, or under qemu-user).
 *
 * <p>A library or tool that is missing skips the test on a developer's machine (a plain build makes only
 * the host library) and fails it in CI ({@code CI=true}), where {@code .ci/run} builds with
 * {@code -Pall-platforms} after installing the cross toolchains.
 */
enum ShippedLibrary {

    LINUX_X86_64("linux-x86-64", NativePlatform.Libc.GLIBC, "gcc", List.of()),
    LINUX_AARCH64("linux-aarch64", NativePlatform.Libc.GLIBC, "aarch64-linux-gnu-gcc",
            List.of("qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu")),
    LINUX_X86_64_MUSL("linux-x86-64-musl", NativePlatform.Libc.MUSL, "musl-gcc", List.of());

    private static final boolean CI = "true".equals(System.getenv("CI"));

    final String directory;
    final NativePlatform.Libc libc;
    final String compiler;
    final List<String> runner;

    ShippedLibrary(String directory, NativePlatform.Libc libc, String compiler, List<String> runner) {
        this.directory = directory;
        this.libc = libc;
        this.compiler = compiler;
        this.runner = runner;
    }

    /** Copies the shipped library (from the class path, as the loader finds it) into {@code dir}/{@link #directory}. */
    Path copyTo(Path dir) throws IOException {
        String resource = "/" + directory + "/" + NativePlatform.LIBRARY_FILE;
        try (InputStream in = ShippedLibrary.class.getResourceAsStream(resource)) {
            require(in != null, resource + " is not on the class path: build the core module with -Pall-platforms");
            Path library = dir.resolve(directory).resolve(NativePlatform.LIBRARY_FILE);
            Files.createDirectories(library.getParent());
            Files.copy(in, library);
            return library;
        }
    }

    /** Compiles {@code source} against the copied library; returns the executable. */
    Path compileAgainst(Path library, Path source, Path dir) throws Exception {
        require(onPath(compiler), compiler + " is not installed (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross musl-tools)");
        if (!runner.isEmpty()) {
            require(onPath(runner.get(0)), runner.get(0) + " is not installed (apt-get install qemu-user-static)");
        }
        Path executable = dir.resolve("harness-" + directory);
        Path libraryDir = library.getParent();
        Result result = run(List.of(compiler, "-std=c11", "-O1", "-Wall", "-Wextra", "-Werror", "-o", executable.toString(),
                source.toString(), "-L" + libraryDir, "-lgracefulsignals", "-Wl,-rpath," + libraryDir));
        if (result.status() != 0) {
            fail(compiler + " failed:\n" + result.output());
        }
        return executable;
    }

    /** The command line that runs {@code executable} on this platform. */
    List<String> command(Path executable, String... arguments) {
        List<String> command = new ArrayList<>(runner);
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    record Result(int status, String output) {
    }

    static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish in 120 s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean present, String missing) {
        if (CI) {
            if (!present) {
                fail("CI must test every shipped platform, but " + missing);
            }
        } else {
            assumeTrue(present, missing);
        }
    }
}
