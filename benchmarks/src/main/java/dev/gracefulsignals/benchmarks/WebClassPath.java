package dev.gracefulsignals.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class paths {@link WebApp} runs on. {@code starter}: everything this harness runs on. {@code plain}: the same minus
 * the starter's jars (core, autoconfigure, starter, and JNA, which only core brings), so the app without the starter
 * is the app before the dependency was added, not the starter switched off: no auto-configuration of ours is even
 * listed, no {@code spring.factories} listener of ours starts. {@code baseline}: the starter with another build of the
 * autoconfigure jar in place of this one (the code before a change, measured in the same run).
 *
 * <p>Run from the Boot jar, the jar is unpacked once into a temporary directory (its classes and nested jars); run from
 * the build's classes (tests), the JVM's class path is used as it is.
 */
final class WebClassPath {

    /** The starter's own artifacts and what only they bring, by jar name or by module classes directory. */
    private static final Pattern STARTER_ENTRY = Pattern.compile(
            "(graceful-signals-(core|spring-boot-autoconfigure|spring-boot-starter)-[^" + Pattern.quote(File.separator) + "]*\\.jar"
                    + "|jna-[\\d.]+\\.jar"
                    + "|[/\\\\](core|autoconfigure|starter)[/\\\\]target[/\\\\](test-)?classes[/\\\\]?)$");
    private static final Pattern AUTOCONFIGURE_ENTRY = Pattern.compile(
            "(graceful-signals-spring-boot-autoconfigure-[^/\\\\]*\\.jar|[/\\\\]autoconfigure[/\\\\]target[/\\\\]classes[/\\\\]?)$");

    private static List<String> all;

    private WebClassPath() {
    }

    /** The class path of a variant: {@code plain}, {@code starter} or {@code baseline} (then with {@code baselineAutoconfigure}). */
    static String of(String variant, Path baselineAutoconfigure) throws IOException {
        List<String> entries = new ArrayList<>(entries());
        switch (variant) {
            case "plain" -> entries.removeIf(isStarter());
            case "starter" -> { }
            case "baseline" -> {
                if (baselineAutoconfigure == null || !Files.isRegularFile(baselineAutoconfigure)) {
                    throw new IllegalArgumentException("The baseline variant needs --baseline-autoconfigure <jar>, an existing file");
                }
                entries.replaceAll(entry -> AUTOCONFIGURE_ENTRY.matcher(entry).find() ? baselineAutoconfigure.toAbsolutePath().toString() : entry);
            }
            default -> throw new IllegalArgumentException("Unknown variant '" + variant + "': use plain, starter or baseline");
        }
        return String.join(File.pathSeparator, entries);
    }

    static Predicate<String> isStarter() {
        return entry -> STARTER_ENTRY.matcher(entry).find();
    }

    /** {@code java -Xmx128m … -cp <class path> WebApp servlet|reactive}, with the same JVM flags the other children get. */
    static List<String> command(String variant, String stack, Path baselineAutoconfigure) throws IOException {
        List<String> command = new ArrayList<>();
        List<String> java = ReceiverProcess.javaCommand();
        // The flags before -jar/-cp, then our own class path and main class.
        for (String part : java) {
            if (part.equals("-jar") || part.equals("-cp")) {
                break;
            }
            command.add(part);
        }
        command.addAll(List.of("-cp", of(variant, baselineAutoconfigure), WebApp.class.getName(), stack.toLowerCase(Locale.ROOT)));
        return command;
    }

    private static synchronized List<String> entries() throws IOException {
        if (all != null) {
            return all;
        }
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && new File(classPath).isFile()) {
            all = unpack(Path.of(classPath));
        } else {
            all = List.of(classPath.split(Pattern.quote(File.pathSeparator)));
        }
        return all;
    }

    /** BOOT-INF/classes and every BOOT-INF/lib jar of the Boot jar, unpacked into a temporary directory removed at exit. */
    private static List<String> unpack(Path bootJar) throws IOException {
        Path dir = Files.createTempDirectory("graceful-signals-webapp");
        List<String> entries = new ArrayList<>();
        entries.add(dir.resolve("BOOT-INF/classes").toString());
        List<Path> created = new ArrayList<>();
        try (ZipFile zip = new ZipFile(bootJar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (entry.isDirectory() || !(entry.getName().startsWith("BOOT-INF/classes/") || entry.getName().startsWith("BOOT-INF/lib/"))) {
                    continue;
                }
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("Unexpected entry " + entry.getName() + " in " + bootJar);
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                created.add(target);
                if (entry.getName().startsWith("BOOT-INF/lib/")) {
                    entries.add(target.toString());
                }
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "webapp-classpath-cleanup"));
        return List.copyOf(entries);
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
