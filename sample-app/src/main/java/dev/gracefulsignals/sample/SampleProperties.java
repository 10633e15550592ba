package dev.gracefulsignals.sample;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample.*}.
 *
 * @param dataDir  where the greeting file and the flushed buffer live
 * @param hangHook add a shutdown hook that never returns, to watch the deadline halt the process
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue("${java.io.tmpdir}/graceful-signals-sample") Path dataDir,
                               @DefaultValue("false") boolean hangHook) {

    /** The greeting {@code GET /greeting} answers with; edit it, then {@code kill -HUP <pid>}. */
    public Path greetingFile() {
        return dataDir.resolve("greeting.txt");
    }

    /** Where the first shutdown hook flushes the in-memory buffer. */
    public Path bufferFile() {
        return dataDir.resolve("buffer.log");
    }
}
