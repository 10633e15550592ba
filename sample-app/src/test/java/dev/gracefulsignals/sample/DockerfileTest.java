package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The sample's Dockerfile and the read-only-root-filesystem patch, checked as text (this machine has no Docker
 * engine; {@code docker build -t graceful-signals-sample sample-app} builds it where one runs): the rules of
 * docs/docker.md, and the page quotes both files as they are.
 */
class DockerfileTest {

    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+(.*)$");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

    private final Path root = Snippets.projectRoot();

    @Test
    void theImageRunsTheJvmAsPid1AsANonRootUserWithNativeAccess() throws IOException {
        String dockerfile = Files.readString(root.resolve("sample-app/Dockerfile"));
        Matcher entrypoint = ENTRYPOINT.matcher(dockerfile);
        assertThat(entrypoint.find()).as("an ENTRYPOINT").isTrue();
        String command = entrypoint.group(1).strip();
        assertThat(command).as("exec form (a JSON array), so the JVM is PID 1 and gets TERM").startsWith("[\"java\",").endsWith("]");
        assertThat(command).contains("\"--enable-native-access=ALL-UNNAMED\"").contains("\"-Djna.tmpdir=/tmp/jna\"").contains("\"-jar\"");
        Matcher user = USER.matcher(dockerfile);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertThat(last).as("the user the JVM runs as").isNotNull().isNotIn("root", "0", "0:0");
        String instructions = String.join("\n", dockerfile.lines().filter(line -> !line.startsWith("#")).toList());
        assertThat(instructions).contains("ENV JAVA_TOOL_OPTIONS=").doesNotContain("-Xrs").doesNotContain("sh -c");
    }

    @Test
    void theReadOnlyRootPatchMountsJnasFolderAndRefusesTheFallback() throws IOException {
        Map<String, Object> pod = podSpec("sample-app/src/main/k8s/read-only-root.yaml");
        Map<String, Object> container = map(((List<?>) pod.get("containers")).get(0));
        Map<String, Object> deployed = map(((List<?>) podSpec("sample-app/src/main/k8s/deployment.yaml").get("containers")).get(0));
        assertThat(container.get("name")).as("the patch names the Deployment's container").isEqualTo(deployed.get("name"));
        assertThat(map(container.get("securityContext")).get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(container.get("args").toString()).contains("--graceful.backend=native");
        List<?> mounts = (List<?>) container.get("volumeMounts");
        Map<String, Object> mount = map(mounts.get(0));
        assertThat("/tmp/jna").as("jna.tmpdir lies on the mounted volume").startsWith(mount.get("mountPath").toString());
        Map<String, Object> volume = map(((List<?>) pod.get("volumes")).get(0));
        assertThat(volume.get("name")).isEqualTo(mount.get("name"));
        assertThat(volume).containsKey("emptyDir");
    }

    @Test
    void theDockerPageQuotesTheDockerfileAsItIs() throws IOException {
        String dockerfile = Snippets.regions(root.resolve("sample-app/Dockerfile")).get("dockerfile");
        assertThat(dockerfile).isNotBlank();
        assertThat(Snippets.blocks(root.resolve("docs/docker.md"))).anyMatch(block -> block.language().equals("dockerfile")
                && block.code().equals(dockerfile));
    }

    private Map<String, Object> podSpec(String file) throws IOException {
        try (Reader yaml = Files.newBufferedReader(root.resolve(file))) {
            Map<String, Object> deployment = new Yaml().load(yaml);
            return map(map(map(deployment.get("spec")).get("template")).get("spec"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
