package dev.gracefulsignals.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class at once, with the cause and the fix, when this test JVM was started with signals ignored.
 * An ignored disposition survives exec, so a build started under {@code nohup}, as a background job of a
 * non-interactive shell (INT, QUIT) or by a CI agent that ignores HUP hands it to the surefire JVM; the library
 * rightly leaves an ignored signal alone, so the signal tests would then fail one by one for no visible reason.
 * Registered for every module's tests through {@code META-INF/services} (the parent pom turns on Jupiter's
 * extension auto-detection). Child JVMs get default dispositions from {@link ChildJvm} whatever this JVM has.
 */
public final class DefaultDispositions implements BeforeAllCallback {

    /** Ignoring PIPE is common (many launchers do) and harmless here: the JVM handles it itself and no test uses it. */
    private static final Signal HARMLESS = Signal.PIPE;

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> ignored = ignored();
        if (!ignored.isEmpty()) {
            throw new IllegalStateException("This test JVM was started with " + String.join(", ", ignored)
                    + " ignored (SIG_IGN inherited through exec, as nohup or a background job of a non-interactive shell"
                    + " leaves it), and the signal tests need default dispositions. Start Maven with them reset:"
                    + " `env --default-signal mvn ...` (coreutils 8.31+), as .ci/run does.");
        }
    }

    /** The signals this process ignores, by name, from the kernel's {@code SigIgn} mask (PIPE left out). */
    static List<String> ignored() {
        long mask;
        try {
            mask = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("SigIgn:"))
                    .mapToLong(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> ignored = new ArrayList<>();
        for (int number = 1; number <= Signal.RTMAX; number++) {
            // Bit n-1 is signal n; glibc's threads own 32 and 33, which Signal does not name.
            if ((mask & (1L << (number - 1))) != 0 && number != HARMLESS.number() && (number < 32 || number >= Signal.RTMIN)) {
                ignored.add("SIG" + Signal.of(number).name());
            }
        }
        return ignored;
    }
}
