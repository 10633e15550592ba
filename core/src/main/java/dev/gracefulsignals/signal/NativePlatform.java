package dev.gracefulsignals.signal;

import org.jspecify.annotations.Nullable;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Which of the shipped native libraries serves this process, chosen by operating system, architecture
 * and C library. The C library is detected at run time, from the objects mapped into this process:
 * an Alpine image runs the same x86-64 JVM bytes as Debian, but its handler must be built against musl
 * (whose {@code SIGRTMIN} is 35, not glibc's 34).
 *
 * <table>
 * <caption>Shipped libraries (class-path resources of the core jar)</caption>
 * <tr><th>Platform</th><th>Resource</th></tr>
 * <tr><td>Linux x86-64, glibc</td><td>{@code linux-x86-64/libgracefulsignals.so}</td></tr>
 * <tr><td>Linux aarch64, glibc</td><td>{@code linux-aarch64/libgracefulsignals.so}</td></tr>
 * <tr><td>Linux x86-64, musl</td><td>{@code linux-x86-64-musl/libgracefulsignals.so}</td></tr>
 * </table>
 */
final class NativePlatform {

    /** The C library a Linux process runs on. */
    enum Libc {
        GLIBC(34),
        MUSL(35);

        private final int sigrtmin;

        Libc(int sigrtmin) {
            this.sigrtmin = sigrtmin;
        }

        /** This libc's {@code SIGRTMIN}: glibc's NPTL keeps 32 and 33, musl keeps 32 to 34. */
        int sigrtmin() {
            return sigrtmin;
        }
    }

    static final String LIBRARY_FILE = "libgracefulsignals.so";

    private static final NativePlatform CURRENT = of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
            detectLibc(Path.of("/proc/self/maps")));

    private final String description;
    private final @Nullable String directory;
    private final Libc libc;

    private NativePlatform(String description, @Nullable String directory, Libc libc) {
        this.description = description;
        this.directory = directory;
        this.libc = libc;
    }

    /** The platform this JVM runs on. */
    static NativePlatform current() {
        return CURRENT;
    }

    /** The platform for these {@code os.name} and {@code os.arch} values and this C library. */
    static NativePlatform of(String osName, String osArch, Libc libc) {
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86-64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch;
        };
        boolean linux = osName.toLowerCase(Locale.ROOT).startsWith("linux");
        String description = osName + " " + arch + (linux ? " with " + libc.name().toLowerCase(Locale.ROOT) : "");
        String directory = null;
        if (linux && arch.equals("x86-64")) {
            directory = libc == Libc.MUSL ? "linux-x86-64-musl" : "linux-x86-64";
        } else if (linux && arch.equals("aarch64") && libc == Libc.GLIBC) {
            directory = "linux-aarch64";
        }
        return new NativePlatform(description, directory, libc);
    }

    /**
     * musl when its one object (C library and dynamic loader in one) is mapped into this process, glibc otherwise
     * (and where there is no {@code /proc}). The maps show the file behind any symlink: Alpine's
     * {@code /lib/ld-musl-x86_64.so.1}, or {@code libc.so} where that name links to it (Debian's
     * {@code /usr/lib/x86_64-linux-musl/libc.so}, Void's {@code /usr/lib/libc.so}); glibc maps only
     * {@code libc.so.6}, its unversioned {@code libc.so} being a linker script.
     */
    static Libc detectLibc(Path maps) {
        try {
            return detectLibc(Files.readAllLines(maps, StandardCharsets.ISO_8859_1));
        } catch (IOException | UncheckedIOException notLinux) {
            return Libc.GLIBC;
        }
    }

    static Libc detectLibc(List<String> mapsLines) {
        for (String line : mapsLines) {
            String file = line.substring(line.lastIndexOf('/') + 1);
            if (file.startsWith("ld-musl-") || file.startsWith("libc.musl-") || file.equals("libc.so")) {
                return Libc.MUSL;
            }
        }
        return Libc.GLIBC;
    }

    /** The C library, which decides the real-time signal numbers. */
    Libc libc() {
        return libc;
    }

    /** The class-path resource of this platform's library, or null where none is built. */
    @Nullable String resource() {
        return directory == null ? null : directory + "/" + LIBRARY_FILE;
    }

    /**
     * Why the native library cannot serve this process, or null when it is on the class path: the loader's
     * reason for the fallback backend's log line.
     */
    @Nullable String unavailable(ClassLoader loader) {
        String resource = resource();
        if (resource == null) {
            return "no native library is built for " + description
                    + " (there are libraries for Linux x86-64 with glibc or musl and Linux aarch64 with glibc)";
        }
        if (loader.getResource(resource) == null) {
            return "the native library " + resource + " for " + description + " is not on the class path"
                    + " (a core jar built without -Pall-platforms holds only linux-x86-64)";
        }
        return null;
    }

    /**
     * Opens this platform's library. A library in a directory on the class path loads in place; one inside a
     * jar is extracted by JNA to a temporary file, which is deleted once loaded (the mapping outlives it).
     *
     * @throws UnsatisfiedLinkError when it is absent or does not load
     */
    NativeLibrary open(ClassLoader loader) {
        String reason = unavailable(loader);
        if (reason != null) {
            throw new UnsatisfiedLinkError(reason);
        }
        String resource = resource();
        URL url = loader.getResource(resource);
        if (url != null && url.getProtocol().equals("file")) {
            try {
                return NativeLibrary.getInstance(Path.of(url.toURI()).toAbsolutePath().toString());
            } catch (URISyntaxException unexpected) {
                throw new IllegalStateException(unexpected);
            }
        }
        File extracted;
        try {
            extracted = Native.extractFromResourcePath("/" + resource, loader);
        } catch (IOException failure) {
            throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot extract " + resource + ": " + failure).initCause(failure);
        }
        try {
            return NativeLibrary.getInstance(extracted.getAbsolutePath());
        } finally {
            extracted.delete();
        }
    }

    /**
     * The fallback's reason when loading failed. On musl it adds the likeliest cause: JNA's own dispatch library,
     * which its jar ships built against glibc only (5.17 needs glibc's {@code __strdup}), fails before ours loads.
     */
    String loadFailure(Throwable failure) {
        String reason = "the native library did not load (" + failure + ")";
        if (libc == Libc.MUSL && String.valueOf(failure.getMessage()).contains("jnidispatch")) {
            reason += "; JNA's bundled libjnidispatch is built for glibc: add the glibc compatibility layer"
                    + " (Alpine: apk add gcompat) or a musl build of it (-Djna.boot.library.path=<its directory>)";
        }
        return reason;
    }

    @Override
    public String toString() {
        return description;
    }
}
