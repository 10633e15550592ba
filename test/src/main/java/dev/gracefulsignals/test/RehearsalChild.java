package dev.gracefulsignals.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;

/**
 * The application under rehearsal as a child process with default signal dispositions, its output captured. An
 * ignored disposition survives exec (a build under {@code nohup}, a CI agent that ignores HUP), and the library rightly
 * leaves an ignored TERM alone, so the child is started through {@code env --default-signal} (GNU coreutils 8.31+), or
 * python3 resetting every signal, or as it is when neither exists (then only if this JVM ignores none of the
 * shutdown signals).
 */
final class RehearsalChild implements AutoCloseable {

    private static final String PYTHON_RESET = "import os, signal, sys\n"
            + "for s in signal.valid_signals():\n"
            + "    try: signal.signal(s, signal.SIG_DFL)\n"
            + "    except (OSError, ValueError): pass\n"
            + "os.execv(sys.argv[1], sys.argv[1:])";

    /** A line of output and when it arrived ({@link System#nanoTime()}). */
    record Line(long at, String text) {
    }

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final List<Line> lines = new ArrayList<>();

    private RehearsalChild(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "shutdown-rehearsal-output");
        reader.setDaemon(true);
        reader.start();
    }

    static RehearsalChild start(List<String> javaCommand) throws IOException {
        List<String> command = new ArrayList<>();
        if (works("env", "--default-signal", "true")) {
            command.addAll(List.of("env", "--default-signal"));
        } else if (works("python3", "-c", "import signal; signal.valid_signals()")) {
            command.addAll(List.of("python3", "-c", PYTHON_RESET));
        } else if (ignoresShutdownSignals()) {
            throw new IllegalStateException("This JVM ignores TERM or INT (inherited from nohup or a background job) and neither"
                    + " `env --default-signal` (GNU coreutils 8.31+) nor python3 is here to reset them for the application:"
                    + " install coreutils 8.31+, or start the build with `env --default-signal`.");
        }
        command.addAll(javaCommand);
        return new RehearsalChild(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static boolean works(String... command) {
        try {
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException missing) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean ignoresShutdownSignals() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                    return (mask & (1L << (Signal.TERM.number() - 1))) != 0 || (mask & (1L << (Signal.INT.number() - 1))) != 0;
                }
            }
        } catch (IOException notLinux) {
            // no /proc: nothing to tell
        }
        return false;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long at = System.nanoTime();
                synchronized (output) {
                    output.append(line).append('\n');
                    this.lines.add(new Line(at, line));
                }
            }
        } catch (IOException ended) {
            // the child ended
        }
    }

    /** A real TERM, with {@code kill(2)}, as Kubernetes or systemd sends it. */
    void term() {
        LibC.kill((int) process.pid(), Signal.TERM.number());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit: its code, or -1 when the child is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The lines so far, with their arrival times. */
    List<Line> lines() {
        synchronized (output) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
