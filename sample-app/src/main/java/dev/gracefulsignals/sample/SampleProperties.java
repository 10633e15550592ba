package dev.gracefulsignals.sample;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample.*}.
 *
 * @param dataDir  where the greeting file and the flushed buffer live; by default
 *                 {@code graceful-signals-sample} in {@code java.io.tmpdir} (/tmp/graceful-signals-sample)
 * @param hangHook add a shutdown hook that never returns, to watch the deadline halt the process
 */
@ConfigurationProperties("sample")
public record SampleProperties(Path dataDir, @DefaultValue("false") boolean hangHook) {

    public SampleProperties {
        // Not @DefaultValue("${java.io.tmpdir}/..."): the binder does not resolve placeholders there, and the
        // app would create a directory literally named "${java.io.tmpdir}" in the working directory.
        if (dataDir == null) {
            dataDir = Path.of(System.getProperty("java.io.tmpdir"), "graceful-signals-sample");
        }
    }

    /** The greeting {@code GET /greeting} answers with; edit it, then {@code kill -HUP <pid>}. */
    public Path greetingFile() {
        return dataDir.resolve("greeting.txt");
    }

    /** Where the first shutdown hook flushes the in-memory buffer. */
    public Path bufferFile() {
        return dataDir.resolve("buffer.log");
    }
}
