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

/**
 * Each shipped library may only call async-signal-safe functions in its handler, plus libc calls made from Java at
 * install time and by the exit guard's own thread; and it loads on the glibc it always has (2.17, RHEL 7 onwards).
 */
class NativeLibraryTest {

    /** Async-signal-safe per signal-safety(7), used by the handler. */
    private static final Set<String> SIGNAL_SAFE = Set.of("write", "getpid", "clock_gettime", "__errno_location");
    /** Called only from normal context (install, restore, detach, query). */
    private static final Set<String> INSTALL_TIME = Set.of("sigaction", "sigemptyset", "sched_yield",
            "__libc_current_sigrtmin", "__libc_current_sigrtmax");
    /**
     * The exit guard: a thread of plain C made at start-up, its lock and condition, {@code _exit} and the exit-status
     * correction. None of it is reachable from the handler (gracefulsignals.c says why, line by line).
     */
    private static final Set<String> EXIT_GUARD = Set.of("pthread_create", "pthread_attr_init", "pthread_attr_destroy",
            "pthread_attr_setstacksize", "pthread_attr_setdetachstate", "pthread_sigmask", "sigfillset", "pthread_mutex_lock",
            "pthread_mutex_unlock", "pthread_cond_init", "pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_signal",
            "pthread_condattr_init", "pthread_condattr_setclock", "pthread_condattr_destroy", "_exit", "on_exit", "atexit");
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
        undefined.removeAll(EXIT_GUARD);
        assertThat(undefined).as("symbols outside the allowed set (malloc, printf, JNI must never appear)").isEmpty();
    }

    /**
     * glibc 2.32 and 2.34 versioned the pthread functions anew; a library bound to those versions would not load on an
     * older glibc and every such host would fall back to the jvm backend. The C binds the old versions.
     */
    @ParameterizedTest
    @EnumSource(value = ShippedLibrary.class, names = {"LINUX_X86_64", "LINUX_AARCH64"})
    void needsNoGlibcNewerThan217(ShippedLibrary platform, @TempDir Path dir) throws Exception {
        Path library = platform.copyTo(dir);
        Process objdump = new ProcessBuilder("objdump", "-T", library.toString()).redirectErrorStream(true).start();
        String output = new String(objdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(objdump.waitFor()).as(output).isZero();
        java.util.regex.Matcher versions = java.util.regex.Pattern.compile("GLIBC_2\\.(\\d+)").matcher(output);
        int newest = 0;
        while (versions.find()) {
            newest = Math.max(newest, Integer.parseInt(versions.group(1)));
        }
        assertThat(newest).as("the newest glibc symbol version %s needs:\n%s", platform, output).isBetween(2, 17);
    }
}
