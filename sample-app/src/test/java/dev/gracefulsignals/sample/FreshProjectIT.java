package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * A newcomer's project built from the docs as printed: the getting-started page's BOM import, starter
 * dependency and application class, and the testing page's test dependency and test class, go into
 * an otherwise plain Spring Boot project ({@code sample-app/src/fresh-project}), which Maven then
 * compiles and tests offline. Our artifacts come from this build's {@code target/} folders, installed
 * into a local repository of its own; everything else comes from this build's local repository
 * through a file mirror, so nothing is downloaded and the user's repository gets no SNAPSHOT of ours.
 */
class FreshProjectIT {

    private static final List<String> PAGES = List.of("docs/getting-started.md", "docs/testing.md");
    private static final List<String> OUR_JARS = List.of("core:graceful-signals-core", "autoconfigure:graceful-signals-spring-boot-autoconfigure",
            "starter:graceful-signals-spring-boot-starter", "test:graceful-signals-test");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(graceful-signals-[\\w-]+)</artifactId>");
    private static final Pattern TYPE = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

    private final Path root = Snippets.projectRoot();
    private final String version = System.getProperty("project.version");

    @Test
    void theDocsSnippetsBuildAndTestANewProject() throws Exception {
        Path work = root.resolve("sample-app/target/fresh-project");
        FileSystemUtils.deleteRecursively(work);
        Path project = work.resolve("demo");
        Files.createDirectories(project);

        List<Snippets.Block> blocks = new ArrayList<>();
        PAGES.forEach(page -> blocks.addAll(Snippets.blocks(root.resolve(page))));
        Files.writeString(project.resolve("pom.xml"), pomFromTheDocs(blocks));
        int sources = 0;
        for (Snippets.Block block : blocks) {
            if (block.language().equals("java") && block.code().startsWith("package ")) {
                writeSource(project, block.code());
                sources++;
            }
        }
        assertThat(sources).as("complete classes (with package and imports) on the pages").isGreaterThanOrEqualTo(2);

        Path repository = work.resolve("repository");
        installOurArtifacts(repository);
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>this-build</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("build.repository")).toUri()));

        Path log = work.resolve("build.log");
        Process maven = new ProcessBuilder(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-ntp", "-o",
                "-Daether.offline.protocols=file", "-s", settings.toString(), "-Dmaven.repo.local=" + repository, "test")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(maven.waitFor(10, TimeUnit.MINUTES)).as("the build ends within 10 minutes").isTrue();
        String output = Files.readString(log);
        assertThat(maven.exitValue()).as("mvn test of the fresh project:\n" + output).isZero();
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0");
    }

    /** The fresh project's pom, each tagged region replaced by the page block that names the same artifact of ours. */
    private String pomFromTheDocs(List<Snippets.Block> blocks) throws IOException {
        Path template = root.resolve("sample-app/src/fresh-project/pom.xml");
        String pom = Files.readString(template);
        for (Map.Entry<String, String> region : Snippets.regions(template).entrySet()) {
            String artifact = artifactOf(region.getValue());
            List<String> printed = blocks.stream().filter(block -> block.language().equals("xml"))
                    .map(Snippets.Block::code).filter(code -> artifact.equals(artifactOf(code))).distinct().toList();
            assertThat(printed).as("the pages print one block for " + artifact).hasSize(1);
            Matcher tagged = Pattern.compile("(?s)[ \\t]*<!-- tag::" + Pattern.quote(region.getKey()) + "\\[] -->.*?<!-- end::"
                    + Pattern.quote(region.getKey()) + "\\[] -->").matcher(pom);
            assertThat(tagged.find()).isTrue();
            pom = pom.substring(0, tagged.start()) + printed.get(0) + pom.substring(tagged.end());
        }
        return pom.replace("@spring-boot.version@", System.getProperty("spring-boot.version"))
                .replace("@test.jvm.args@", System.getProperty("test.jvm.args", ""));
    }

    /** The first artifact of ours the XML names, or "" when it names none. */
    private static String artifactOf(String xml) {
        Matcher artifact = ARTIFACT.matcher(xml);
        return artifact.find() ? artifact.group(1) : "";
    }

    private static void writeSource(Path project, String code) throws IOException {
        String packageName = code.substring("package ".length(), code.indexOf(';'));
        Matcher type = TYPE.matcher(code);
        assertThat(type.find()).as("a class in:\n" + code).isTrue();
        String tree = code.contains("@Test") ? "src/test/java" : "src/main/java";
        Path file = project.resolve(tree).resolve(packageName.replace('.', '/')).resolve(type.group(1) + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, code + "\n");
    }

    /** Lays our artifacts out as {@code mvn install} would, from this build's modules. */
    private void installOurArtifacts(Path repository) throws IOException {
        install(repository, "graceful-signals-parent", root.resolve("pom.xml"), null);
        install(repository, "graceful-signals-bom", root.resolve("bom/pom.xml"), null);
        for (String module : OUR_JARS) {
            String[] parts = module.split(":");
            Path jar = root.resolve(parts[0]).resolve("target").resolve(parts[1] + "-" + version + ".jar");
            assertThat(jar).as("the module's jar; build from the project root: mvn verify").exists();
            install(repository, parts[1], root.resolve(parts[0]).resolve("pom.xml"), jar);
        }
    }

    private void install(Path repository, String artifact, Path pom, Path jar) throws IOException {
        Path folder = repository.resolve("dev/gracefulsignals").resolve(artifact).resolve(version);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, folder.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
