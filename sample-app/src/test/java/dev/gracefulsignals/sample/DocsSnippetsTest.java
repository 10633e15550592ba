package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user guide cannot drift from the code: every Java, XML, properties and YAML block in it is a
 * region tagged in a compiled or tested source of the sample app (or of a stack's child app, for what needs a stack the
 * sample does not have), and the configuration reference
 * names every {@code graceful.*} property of the starter's generated metadata. Shell blocks are
 * commands to type and output to expect, and are left alone.
 */
class DocsSnippetsTest {

    static final List<String> GUIDE = List.of("docs/getting-started.md", "docs/configuration.md", "docs/kubernetes.md",
            "docs/comparison.md", "docs/troubleshooting.md", "docs/testing.md", "docs/systemd.md", "docs/metrics.md", "docs/docker.md", "README.md");
    private static final Set<String> CODE = Set.of("java", "xml", "properties", "yaml");

    private final Path root = Snippets.projectRoot();

    @Test
    void everyCodeBlockOfTheGuideIsATaggedRegionOfASource() {
        Path sample = root.resolve("sample-app");
        List<String> regions = new ArrayList<>(Snippets.regionsUnder(sample.resolve("src"), sample.resolve("pom.xml")));
        // The stacks' child apps, which their tests run: the guide quotes what needs a stack the sample does not have.
        try (java.util.stream.Stream<Path> stacks = java.nio.file.Files.list(root.resolve("stacks"))) {
            regions.addAll(Snippets.regionsUnder(stacks.map(stack -> stack.resolve("src")).filter(java.nio.file.Files::isDirectory).toArray(Path[]::new)));
        } catch (IOException failure) {
            throw new java.io.UncheckedIOException(failure);
        }
        List<String> drifted = new ArrayList<>();
        int checked = 0;
        for (String page : GUIDE) {
            for (Snippets.Block block : Snippets.blocks(root.resolve(page))) {
                assertThat(block.language()).as("a fenced block without a language in " + page + ":\n" + block.code()).isNotEmpty();
                if (CODE.contains(block.language())) {
                    checked++;
                    if (!regions.contains(block.code())) {
                        drifted.add(page + ":\n" + block.code());
                    }
                }
            }
        }
        assertThat(drifted).as("blocks that are no tagged region of sample-app/ (copy the region again, or tag it)").isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void theConfigurationReferenceNamesEveryPropertyOfTheMetadata() throws IOException {
        Set<String> properties = new TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL metadata : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("graceful.")) {
                        properties.add(name);
                    }
                }
            }
        }
        assertThat(properties).contains("graceful.shutdown.timeout", "graceful.signals");
        String reference = String.join("\n", java.nio.file.Files.readAllLines(root.resolve("docs/configuration.md")));
        assertThat(properties).allSatisfy(property -> assertThat(reference).contains("`" + property + "`"));
    }
}
