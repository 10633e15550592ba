package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * A newcomer's project built from the docs as printed: the getting-started page's BOM import, starter
 * dependency and application class, and the testing page's test dependency and test class, go into
 * an otherwise plain Spring Boot project ({@code sample-app/src/fresh-project}), which Maven then
 * builds and tests with an empty local repository, and which then runs: USR1 reaches its {@code @OnSignal}
 * method, TERM runs its hook and exits 143.
 *
 * <p>Our artifacts come only from the release's file repository ({@link ReleaseBuild}: {@code mvn -Prelease
 * deploy}, as Central will serve them), at the version the page prints. Everything else comes from a file view
 * of this build's local repository standing in for Central (mirrorOf central), offline: the machine needs no
 * network, and what the fresh project resolves is exactly what Central would have to serve.
 */
class FreshProjectIT {

    private static final List<String> PAGES = List.of("docs/getting-started.md", "docs/testing.md");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(graceful-signals-[\\w-]+)</artifactId>");
    private static final Pattern TYPE = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

    private final Path root = Snippets.projectRoot();

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

        Path release = ReleaseBuild.repository();
        Path repository = work.resolve("repository"); // empty: nothing installed, nothing faked
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>central-stand-in</id>
                      <mirrorOf>central</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>graceful-signals-release</id>
                      <repositories>
                        <repository>
                          <id>graceful-signals-release</id>
                          <url>%s</url>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>graceful-signals-release</activeProfile></activeProfiles>
                </settings>
                """.formatted(Path.of(System.getProperty("build.repository")).toUri(), release.toUri()));

        Path log = work.resolve("build.log");
        long start = System.nanoTime();
        Process maven = new ProcessBuilder(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-ntp", "-o",
                "-Daether.offline.protocols=file", "-s", settings.toString(), "-Dmaven.repo.local=" + repository, "package")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(maven.waitFor(10, TimeUnit.MINUTES)).as("the build ends within 10 minutes").isTrue();
        String output = Files.readString(log);
        assertThat(maven.exitValue()).as("mvn package of the fresh project:\n" + output).isZero();
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0");
        System.out.printf("[fresh project] mvn package: %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        assertOursCameFromTheRelease(repository);
        runTheApplication(project.resolve("target/demo-0.0.1-SNAPSHOT.jar"));
    }

    /** Each artifact of ours in the fresh local repository was downloaded from the release's repository. */
    private void assertOursCameFromTheRelease(Path repository) throws IOException {
        Path ours = repository.resolve("dev/gracefulsignals");
        List<String> origins = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ours)) {
            files.filter(file -> file.getFileName().toString().equals("_remote.repositories")).forEach(file -> {
                try {
                    origins.addAll(Files.readAllLines(file).stream().filter(line -> !line.startsWith("#")).toList());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(origins).as("our artifacts and where they came from").isNotEmpty()
                .allMatch(line -> line.contains("-" + ReleaseBuild.version() + ".") && line.endsWith(">graceful-signals-release="));
        assertThat(origins).anyMatch(line -> line.startsWith("graceful-signals-spring-boot-starter-"))
                .anyMatch(line -> line.startsWith("graceful-signals-bom-"));
    }

    /** java -jar, as the page's reader would: the startup line, USR1 to the @OnSignal method, TERM to the hook and 143. */
    private static void runTheApplication(Path jar) throws Exception {
        List<String> options = Runtime.version().feature() >= 24 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
        try (ChildJvm app = ChildJvm.startJar(jar, options, "--spring.main.keep-alive=true")) {
            assertThat(app.awaitLine(line -> line.contains("Graceful Signals handles"), Duration.ofMinutes(2)))
                    .contains("TERM=shutdown").contains("USR1=event").contains("native backend");
            app.awaitLine(line -> line.contains("Started DemoApplication"), Duration.ofMinutes(1));
            Kill.process(app.pid(), Signal.of("USR1"));
            app.awaitLine(line -> line.contains("USR1 from pid"), Duration.ofSeconds(30));
            Kill.process(app.pid(), Signal.of("TERM"));
            app.awaitLine(line -> line.contains("flushing what is left before the exit"), Duration.ofSeconds(60));
            assertThat(app.awaitExit(Duration.ofSeconds(60))).as("exit code after TERM:\n" + app.output()).isEqualTo(143);
        }
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
            if (artifact.equals("graceful-signals-bom")) {
                assertThat(printed.get(0)).as("the BOM's version on the page is the release's (RELEASING.md)")
                        .contains("<version>" + ReleaseBuild.version() + "</version>");
            }
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
}
