package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

/** The sample's settings as Boot binds them from an environment that does not set them. */
class SamplePropertiesTest {

    @Test
    void theDataDirectoryDefaultsToAFolderInTheTemporaryDirectory() {
        SampleProperties properties = Binder.get(new StandardEnvironment()).bindOrCreate("sample", SampleProperties.class);

        Path expected = Path.of(System.getProperty("java.io.tmpdir"), "graceful-signals-sample");
        assertThat(properties.dataDir()).as("an absolute path, not a folder named after an unresolved placeholder")
                .isEqualTo(expected).isAbsolute();
        assertThat(properties.greetingFile()).isEqualTo(expected.resolve("greeting.txt"));
    }
}
