package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

/**
 * The release as RELEASING.md cuts it, made in {@code sample-app/target/release/}: this checkout's sources copied
 * into {@code source/} (never the checkout itself, whose {@code target/} folders the running build uses), the
 * version set there with {@code versions:set}, then {@code mvn -Prelease deploy} into a file repository,
 * signed with a throwaway gpg key made for the purpose. Nothing is installed into any local repository.
 *
 * <p>{@link #repository()} is built once per test JVM and shared by {@link ReleaseBundleIT} and
 * {@link FreshProjectIT}; {@code -Drelease.repository=<folder>} hands in one made earlier (.ci/run builds the
 * release in its JDK 17 section and reuses it in the later ones). Where gpg or the cross compilers are missing,
 * the build leaves out the signatures or the other platforms' libraries, and the tests that look for them skip.
 */
final class ReleaseBuild {

    /** The modules a release publishes, as their folders, for {@code -pl}. */
    static final String PUBLISHED_MODULES = "core,autoconfigure,test,starter,bom";
    /** Every artifact a release publishes, and the packaging of each. */
    static final Map<String, String> PUBLISHED = Map.of("graceful-signals-parent", "pom", "graceful-signals-bom", "pom",
            "graceful-signals-core", "jar", "graceful-signals-spring-boot-autoconfigure", "jar", "graceful-signals-test", "jar",
            "graceful-signals-spring-boot-starter", "jar");
    static final List<String> CROSS_COMPILERS = List.of("aarch64-linux-gnu-gcc", "musl-gcc");

    private static final Set<String> NOT_COPIED = Set.of("target", ".git", "ci-reports", ".idea", ".vscode");
    private static final Path WORK = Snippets.projectRoot().resolve("sample-app/target/release");
    private static final String KEY_OWNER = "Graceful Signals release test <release-test@example.invalid>";

    private static Path repository;
    /** Whether {@link #repository()} is one built earlier and handed in with {@code -Drelease.repository}. */
    private static boolean handedIn;
    private static Path gnupgHome;
    private static String keyFingerprint;

    private ReleaseBuild() {
    }

    /** The version the release gets: the project's, without -SNAPSHOT (what versions:set is given). */
    static String version() {
        return System.getProperty("project.version").replace("-SNAPSHOT", "");
    }

    /** The file repository the release was deployed to, built on first use. */
    static synchronized Path repository() {
        if (repository == null) {
            String given = System.getProperty("release.repository", "");
            Path handedIn = given.isBlank() ? null : Path.of(given);
            if (handedIn != null && Files.isDirectory(handedIn.resolve("dev/gracefulsignals/graceful-signals-bom").resolve(version()))) {
                System.out.println("[release] using the release built earlier in " + handedIn);
                repository = handedIn;
                ReleaseBuild.handedIn = true;
            } else {
                repository = deploy("build-1", "-pl", PUBLISHED_MODULES, "-am");
            }
        }
        return repository;
    }

    /** Whether the release is one built earlier (by another JDK's section, signed with a key that is gone), not built here. */
    static synchronized boolean handedIn() {
        repository();
        return handedIn;
    }

    /**
     * Copies the prepared source into {@code <name>/src} and runs {@code mvn -Prelease deploy} there with these
     * extra arguments; returns the file repository it deployed to, {@code <name>/staging}.
     */
    static synchronized Path deploy(String name, String... arguments) {
        Path source = preparedSource();
        Path folder = WORK.resolve(name);
        delete(folder);
        Path src = folder.resolve("src");
        copy(source, src);
        Path staging = folder.resolve("staging");
        List<String> command = new ArrayList<>(List.of("-Prelease", "deploy", "-DskipTests", "-Dmaven.install.skip=true",
                "-DaltDeploymentRepository=local::" + staging.toUri()));
        if (gpgAvailable()) {
            command.add("-Dgpg.keyname=" + keyFingerprint());
        } else {
            System.out.println("[release] gpg is missing (apt-get install gnupg): the release is built unsigned");
            command.add("-Dgpg.skip=true");
        }
        if (!crossCompilersAvailable()) {
            System.out.println("[release] " + CROSS_COMPILERS + " missing (apt-get install gcc-aarch64-linux-gnu "
                    + "libc6-dev-arm64-cross musl-tools): the core jar gets the host's library only");
            command.add("-Dnative.platforms=linux-x86-64");
        }
        command.addAll(List.of(arguments));
        maven(src, folder.resolve("build.log"), command);
        return staging;
    }

    /** This checkout's sources, copied once, with the release's version set by versions:set as RELEASING.md does. */
    private static Path preparedSource() {
        Path source = WORK.resolve("source");
        if (!Files.isRegularFile(source.resolve("pom.xml"))) {
            delete(WORK);
            copy(Snippets.projectRoot(), source);
            maven(source, WORK.resolve("versions-set.log"), List.of("versions:set", "-DnewVersion=" + version(),
                    "-DprocessAllModules", "-DgenerateBackupPoms=false"));
        }
        return source;
    }

    static boolean gpgAvailable() {
        return onPath("gpg");
    }

    static boolean crossCompilersAvailable() {
        return CROSS_COMPILERS.stream().allMatch(ReleaseBuild::onPath);
    }

    /** A passphrase-less ed25519 key made in a temporary GNUPGHOME (short: gpg-agent's socket lives in it). */
    private static synchronized String keyFingerprint() {
        if (keyFingerprint == null) {
            try {
                gnupgHome = Files.createTempDirectory(Path.of("/tmp"), "gs-gpg-");
                run(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key", KEY_OWNER, "ed25519", "sign", "never"));
                String colons = run(List.of("gpg", "--batch", "--with-colons", "--list-secret-keys"));
                keyFingerprint = colons.lines().filter(line -> line.startsWith("fpr:")).map(line -> line.split(":")[9])
                        .findFirst().orElseThrow(() -> new AssertionError("no key in gpg's list:\n" + colons));
                Runtime.getRuntime().addShutdownHook(new Thread(ReleaseBuild::dropKey, "release-test-gpg-cleanup"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keyFingerprint;
    }

    /** Stops the key's gpg-agent and deletes its home. */
    private static void dropKey() {
        try {
            run(List.of("gpgconf", "--kill", "gpg-agent"));
        } catch (RuntimeException | AssertionError e) {
            // no agent was started
        }
        delete(gnupgHome);
    }

    /** Runs a gpg command against the throwaway key's home; returns its output, fails on a non-zero exit. */
    static String run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("GNUPGHOME", gnupgHome.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(command + ":\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * This test JVM's Maven and JDK, with this build's local repository to read plugins from (nothing is installed:
     * maven.install.skip). Online, as deploy refuses to run offline; the repository is warm, so nothing is fetched.
     */
    private static void maven(Path directory, Path log, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-ntp",
                "-Dmaven.repo.local=" + System.getProperty("build.repository")));
        command.addAll(arguments);
        long start = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            if (gnupgHome != null) {
                builder.environment().put("GNUPGHOME", gnupgHome.toString());
            }
            Process maven = builder.start();
            assertThat(maven.waitFor(15, TimeUnit.MINUTES)).as("mvn %s ends within 15 minutes", arguments).isTrue();
            String output = Files.readString(log);
            assertThat(maven.exitValue()).as("mvn %s in %s:\n%s", arguments, directory, tail(output)).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.printf("[release] mvn %s: %d s (log: %s)%n", String.join(" ", arguments),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), log);
    }

    private static String tail(String output) {
        return output.length() > 20_000 ? output.substring(output.length() - 20_000) : output;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    /** Copies a source tree without its build output and version-control folders. */
    private static void copy(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (!dir.equals(from) && NOT_COPIED.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            FileSystemUtils.deleteRecursively(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
