package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the loader picks a library: by OS, architecture and the C library found in this process's mappings. */
class NativePlatformTest {

    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, GLIBC, linux-x86-64/libgracefulsignals.so",
            "Linux, amd64, MUSL, linux-x86-64-musl/libgracefulsignals.so",
            "Linux, aarch64, GLIBC, linux-aarch64/libgracefulsignals.so"})
    void picksTheLibraryByArchitectureAndLibc(String os, String arch, NativePlatform.Libc libc, String resource) {
        assertThat(NativePlatform.of(os, arch, libc).resource()).isEqualTo(resource);
    }

    @ParameterizedTest
    @CsvSource({
            "Linux, aarch64, MUSL, Linux aarch64 with musl",
            "Linux, riscv64, GLIBC, Linux riscv64 with glibc",
            "Mac OS X, aarch64, GLIBC, Mac OS X aarch64"})
    void elsewhereItNamesThePlatformItHasNoLibraryFor(String os, String arch, NativePlatform.Libc libc, String described) {
        NativePlatform platform = NativePlatform.of(os, arch, libc);
        assertThat(platform.resource()).isNull();
        assertThat(platform.unavailable(getClass().getClassLoader()))
                .isEqualTo("no native library is built for " + described
                        + " (there are libraries for Linux x86-64 with glibc or musl and Linux aarch64 with glibc)");
    }

    @Test
    void aLibraryMissingFromTheClassPathIsNamedWithTheBuildThatAddsIt() {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(NativePlatform.of("Linux", "aarch64", NativePlatform.Libc.GLIBC).unavailable(empty))
                    .isEqualTo("the native library linux-aarch64/libgracefulsignals.so for Linux aarch64 with glibc is not on the"
                            + " class path (a core jar built without -Pall-platforms holds only linux-x86-64)");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onMuslAFailingJnaDispatchLibraryIsNamedWithItsFix() {
        UnsatisfiedLinkError jna = new UnsatisfiedLinkError("Error relocating /tmp/jna123/libjnidispatch.so: __strdup: symbol not found");
        assertThat(NativePlatform.of("Linux", "amd64", NativePlatform.Libc.MUSL).loadFailure(jna))
                .startsWith("the native library did not load (java.lang.UnsatisfiedLinkError: Error relocating")
                .endsWith("; JNA's bundled libjnidispatch is built for glibc: add the glibc compatibility layer"
                        + " (Alpine: apk add gcompat) or a musl build of it (-Djna.boot.library.path=<its directory>)");
        assertThat(NativePlatform.of("Linux", "amd64", NativePlatform.Libc.GLIBC).loadFailure(jna)).doesNotContain("gcompat");
    }

    @Test
    void muslIsRecognisedByItsDynamicLoaderInTheMappings() {
        assertThat(NativePlatform.detectLibc(List.of(
                "7f0c1a000000-7f0c1a014000 r--p 00000000 08:01 1234 /lib/ld-musl-x86_64.so.1",
                "7ffd4c5e2000-7ffd4c603000 rw-p 00000000 00:00 0 [stack]"))).as("Alpine").isEqualTo(NativePlatform.Libc.MUSL);
        assertThat(NativePlatform.detectLibc(List.of(
                "7f0c1a000000-7f0c1a014000 r--p 00000000 08:01 1234 /usr/lib/x86_64-linux-musl/libc.so")))
                .as("Debian's musl package, where ld-musl-x86_64.so.1 links to libc.so").isEqualTo(NativePlatform.Libc.MUSL);
        assertThat(NativePlatform.detectLibc(List.of(
                "7f0c1a000000-7f0c1a014000 r-xp 00000000 08:01 99 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f0c1b000000-7f0c1b014000 r-xp 00000000 08:01 98 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")))
                .isEqualTo(NativePlatform.Libc.GLIBC);
    }

    @Test
    void thisJvmRunsOnGlibcAndItsRealTimeSignalsStartAt34() {
        assertThat(NativePlatform.detectLibc(Path.of("/proc/self/maps"))).isEqualTo(NativePlatform.Libc.GLIBC);
        assertThat(Signal.RTMIN).isEqualTo(34);
        assertThat(NativePlatform.detectLibc(Path.of("/no/such/maps"))).as("no /proc: glibc's numbers").isEqualTo(NativePlatform.Libc.GLIBC);
    }
}
