package dev.gracefulsignals.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.gracefulsignals.signal.Signal;

/**
 * The C reference receivers ({@code reference-receiver.c}, a resource of this jar), compiled with the host's
 * {@code cc} into a temporary directory on first use: {@code one} wake-up (a self-pipe process whose only
 * thread both takes the signal and reads) and {@code two} wake-ups (the handler on one thread, the reader on
 * another: the floor for a JVM, whose handler never runs on the reading thread).
 */
final class ReferenceReceiver {

    private static Path binary;

    private ReferenceReceiver() {
    }

    /** Starts one and waits for its {@code ready} line. */
    static ReceiverProcess start(String wakeUps, Signal signal) throws IOException, InterruptedException {
        return ReceiverProcess.startCommand(List.of(compiled().toString(), wakeUps, Integer.toString(signal.number())),
                "c reference receiver (" + wakeUps + " wake-up" + (wakeUps.equals("one") ? "" : "s") + ")");
    }

    private static synchronized Path compiled() throws IOException, InterruptedException {
        if (binary != null) {
            return binary;
        }
        Path dir = Files.createTempDirectory("graceful-signals-reference");
        Path source = dir.resolve("reference-receiver.c");
        try (InputStream in = ReferenceReceiver.class.getResourceAsStream("/reference-receiver.c")) {
            if (in == null) {
                throw new IllegalStateException("reference-receiver.c is not on the class path");
            }
            Files.copy(in, source);
        }
        Path out = dir.resolve("reference-receiver");
        Process cc = new ProcessBuilder("cc", "-O2", "-pthread", "-o", out.toString(), source.toString()).inheritIO().start();
        if (cc.waitFor() != 0) {
            throw new IllegalStateException("cc could not compile the C reference receiver (install gcc)");
        }
        dir.toFile().deleteOnExit();
        source.toFile().deleteOnExit();
        out.toFile().deleteOnExit();
        binary = out;
        return out;
    }
}
