package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Each shipped library may only call async-signal-safe functions, plus libc calls made at install time from Java. */
class NativeLibraryTest {

    /** Async-signal-safe per signal-safety(7), used by the handler. */
    private static final Set<String> SIGNAL_SAFE = Set.of("write", "getpid", "clock_gettime", "__errno_location");
    /** Called only from normal context (install, restore, detach, query). */
    private static final Set<String> INSTALL_TIME = Set.of("sigaction", "sigemptyset", "sched_yield",
            "__libc_current_sigrtmin", "__libc_current_sigrtmax");
    /** Weak references every gcc shared object carries from its start files. */
    private static final Set<String> TOOLCHAIN = Set.of("__cxa_finalize", "__gmon_start__",
            "_ITM_deregisterTMCloneTable", "_ITM_registerTMCloneTable");

    @ParameterizedTest
    @EnumSource(ShippedLibrary.class)
    void referencesOnlySignalSafeAndInstallTimeLibcFunctions(ShippedLibrary platform, @TempDir Path dir) throws Exception {
        Path library = platform.copyTo(dir);
        // binutils' nm reads the symbol tables of every ELF machine, aarch64's included.
        Process nm = new ProcessBuilder("nm", "-D", "--undefined-only", library.toString()).redirectErrorStream(true).start();
        String output = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(nm.waitFor()).as(output).isZero();
        Set<String> undefined = Arrays.stream(output.split("\n"))
                .map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.substring(line.lastIndexOf(' ') + 1).replaceAll("@.*", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(undefined).contains("write", "sigaction");
        undefined.removeAll(SIGNAL_SAFE);
        undefined.removeAll(INSTALL_TIME);
        undefined.removeAll(TOOLCHAIN);
        assertThat(undefined).as("symbols outside the allowed set (malloc, printf, pthread_*, JNI must never appear)").isEmpty();
    }
}
