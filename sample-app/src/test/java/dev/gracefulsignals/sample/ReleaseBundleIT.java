package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The release bundle ({@link ReleaseBuild}: {@code mvn -Prelease deploy} into a file repository) against Maven
 * Central's published requirements: for every artifact its POM, and for jar packaging its jar, -sources.jar and
 * -javadoc.jar; an .asc signature and .md5 and .sha1 checksums for each file; POMs with name, description, url,
 * licenses, developers and scm. And that a second build, from another folder and of the whole reactor as
 * RELEASING.md runs it, deploys the same files with the same bytes.
 */
class ReleaseBundleIT {

    private static final String GROUP = "dev/gracefulsignals";
    private static final List<String> PLATFORMS = List.of("linux-x86-64", "linux-aarch64", "linux-x86-64-musl");

    private final String version = ReleaseBuild.version();

    @Test
    void everyArtifactHasWhatCentralRequiresAndNothingElseIsPublished() throws Exception {
        Path repository = ReleaseBuild.repository();
        try (Stream<Path> artifacts = Files.list(repository.resolve(GROUP))) {
            assertThat(artifacts.map(path -> path.getFileName().toString()))
                    .as("published: the library's modules, not the sample or the benchmarks")
                    .containsExactlyInAnyOrderElementsOf(ReleaseBuild.PUBLISHED.keySet());
        }
        for (Map.Entry<String, String> artifact : ReleaseBuild.PUBLISHED.entrySet()) {
            Path folder = folder(repository, artifact.getKey());
            String base = artifact.getKey() + "-" + version;
            List<String> required = new ArrayList<>(List.of(base + ".pom"));
            if (artifact.getValue().equals("jar")) {
                required.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
            }
            for (String file : required) {
                assertThat(folder.resolve(file)).as("Central requires " + file).isRegularFile();
            }
            for (Path file : deployedFiles(folder)) {
                byte[] bytes = Files.readAllBytes(file);
                assertThat(Files.readString(sibling(file, ".md5")).trim()).as(file + ".md5").isEqualTo(digest("MD5", bytes));
                assertThat(Files.readString(sibling(file, ".sha1")).trim()).as(file + ".sha1").isEqualTo(digest("SHA-1", bytes));
            }
        }
    }

    @Test
    void everyFileIsSignedAndTheSignaturesVerify() throws Exception {
        assumeTrue(ReleaseBuild.gpgAvailable(), "gpg is missing (apt-get install gnupg): the release was built unsigned");
        Path repository = ReleaseBuild.repository();
        int verified = 0;
        for (String artifact : ReleaseBuild.PUBLISHED.keySet()) {
            for (Path file : deployedFiles(folder(repository, artifact))) {
                Path signature = sibling(file, ".asc");
                assertThat(signature).as("Central requires a signature of " + file.getFileName()).isRegularFile();
                assertThat(Files.readString(signature)).startsWith("-----BEGIN PGP SIGNATURE-----");
                if (handedInRepository()) {
                    continue; // signed with another JVM's throwaway key, which is gone
                }
                ReleaseBuild.run(List.of("gpg", "--batch", "--verify", signature.toString(), file.toString()));
                verified++;
            }
        }
        System.out.println("[release] gpg --verify: " + verified + " signatures good");
    }

    @Test
    void everyPomNamesWhatCentralRequires() throws Exception {
        Path repository = ReleaseBuild.repository();
        Element parent = pom(repository, "graceful-signals-parent");
        String projectUrl = text(parent, "url");
        assertThat(projectUrl).startsWith("https://");
        for (String artifact : ReleaseBuild.PUBLISHED.keySet()) {
            Element pom = pom(repository, artifact);
            boolean inherits = child(pom, "parent") != null;
            assertThat(inherits ? text(child(pom, "parent"), "version") : text(pom, "version")).as(artifact + " version").isEqualTo(version);
            for (String element : List.of("name", "description")) {
                assertThat(text(pom, element)).as(artifact + " <" + element + ">").isNotBlank();
            }
            Element source = inherits ? parent : pom;
            // Inherited as it is (child.*.inherit.append.path="false"), not with the artifactId appended.
            assertThat(text(pom, "url").isEmpty() ? text(source, "url") : text(pom, "url")).as(artifact + " <url>").isEqualTo(projectUrl);
            Element licenses = child(pom, "licenses") != null ? child(pom, "licenses") : child(source, "licenses");
            assertThat(licenses).as(artifact + " <licenses>").isNotNull();
            assertThat(text(child(licenses, "license"), "name")).isNotBlank();
            assertThat(text(child(licenses, "license"), "url")).startsWith("https://");
            Element developers = child(pom, "developers") != null ? child(pom, "developers") : child(source, "developers");
            assertThat(developers).as(artifact + " <developers>").isNotNull();
            assertThat(text(child(developers, "developer"), "name")).isNotBlank();
            assertThat(text(child(developers, "developer"), "email")).contains("@");
            Element scm = child(pom, "scm") != null ? child(pom, "scm") : child(source, "scm");
            assertThat(scm).as(artifact + " <scm>").isNotNull();
            assertThat(text(scm, "url")).isEqualTo(projectUrl);
            assertThat(text(scm, "connection")).startsWith("scm:git:");
        }
    }

    @Test
    void theJarsHoldWhatTheirNamesPromise() throws Exception {
        Path repository = ReleaseBuild.repository();
        for (String artifact : List.of("graceful-signals-core", "graceful-signals-spring-boot-autoconfigure", "graceful-signals-test")) {
            Path folder = folder(repository, artifact);
            assertThat(entries(folder.resolve(artifact + "-" + version + "-sources.jar"))).anyMatch(name -> name.endsWith(".java"));
            assertThat(entries(folder.resolve(artifact + "-" + version + "-javadoc.jar"))).contains("index.html");
            Path sbom = folder.resolve(artifact + "-" + version + "-cyclonedx.json");
            assertThat(Files.readString(sbom)).as("CycloneDX SBOM").contains("\"bomFormat\" : \"CycloneDX\"")
                    .contains("pkg:maven/dev.gracefulsignals/" + artifact + "@" + version);
        }
        Path starter = folder(repository, "graceful-signals-spring-boot-starter");
        assertThat(entries(starter.resolve("graceful-signals-spring-boot-starter-" + version + "-javadoc.jar")))
                .as("the starter has no code: its javadoc and sources jars say where the code is").contains("README.md");
        assertThat(starter.resolve("graceful-signals-spring-boot-starter-" + version + "-cyclonedx.json")).isRegularFile();

        assumeTrue(ReleaseBuild.crossCompilersAvailable(), "the cross compilers are missing: the release holds the host's library only");
        Set<String> core = entries(folder(repository, "graceful-signals-core").resolve("graceful-signals-core-" + version + ".jar"));
        for (String platform : PLATFORMS) {
            assertThat(core).as("the core jar ships every platform's library").contains(platform + "/libgracefulsignals.so");
        }
    }

    @Test
    void twoBuildsGiveByteIdenticalArtifacts() throws Exception {
        assumeTrue(!handedInRepository(), "a release built earlier was handed in: its build checked this");
        Path first = ReleaseBuild.repository();
        // The whole reactor, as RELEASING.md runs it: the sample and the benchmarks build but deploy nothing.
        Path second = ReleaseBuild.deploy("build-2");
        Set<String> files = comparable(first);
        assertThat(comparable(second)).as("the same files deployed").isEqualTo(files);
        List<String> differing = new ArrayList<>();
        for (String file : files) {
            if (Files.mismatch(first.resolve(file), second.resolve(file)) != -1) {
                differing.add(file);
            }
        }
        assertThat(differing).as("files whose bytes differ between two builds of one source").isEmpty();
        assertThat(files).as("jars compared").anyMatch(file -> file.endsWith("-javadoc.jar"));
    }

    private static boolean handedInRepository() {
        // Asked, not guessed from the path: .ci/run keeps the handed-in release inside the project (ci-release).
        return ReleaseBuild.handedIn();
    }

    private Path folder(Path repository, String artifact) {
        return repository.resolve(GROUP).resolve(artifact).resolve(version);
    }

    /** The deployed files of a version folder: everything but signatures and checksums. */
    private static List<Path> deployedFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> !file.toString().matches(".*\\.(asc|md5|sha1|sha256|sha512)$")).sorted().toList();
        }
    }

    /** Every file of ours that a build makes the same way each time: not signatures (they hold a time), not metadata. */
    private static Set<String> comparable(Path repository) throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(repository.resolve(GROUP))) {
            walk.filter(Files::isRegularFile).map(file -> repository.relativize(file).toString())
                    .filter(file -> !file.contains("maven-metadata.xml") && !file.contains(".asc")).forEach(files::add);
        }
        return files;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static String digest(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static Set<String> entries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            zip.stream().forEach(entry -> names.add(entry.getName()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(jar.toString(), e);
        }
    }

    private Element pom(Path repository, String artifact) throws Exception {
        Path file = folder(repository, artifact).resolve(artifact + "-" + version + ".pom");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    /** The direct child element of that name, or null. */
    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? "" : child.getTextContent().trim();
    }
}
