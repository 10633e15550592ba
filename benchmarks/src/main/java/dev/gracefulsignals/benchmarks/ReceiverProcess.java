package dev.gracefulsignals.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;

/**
 * A harness child JVM ({@code receiver}, or a {@code boot-app}) on this harness's own class path (the jar, or the build's classes),
 * whose standard output is read line by line. Its logs go to this process's standard error.
 */
final class ReceiverProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final String description;
    private final long launchedNanos;

    /** A line the child printed, and {@link System#nanoTime()} when this process read it: no time the child reports can be later. */
    record Line(String text, long arrivedNanos) {
    }

    private ReceiverProcess(Process process, String description, long launchedNanos) {
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.description = description;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "receiver-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a receiver and waits for its {@code ready} line. */
    static ReceiverProcess start(Backend backend, ReceiverApi api, Signal signal, String... extraArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("receiver", "--backend", backend.name().toLowerCase(), "--api", api.name(), "--signal", signal.name()));
        args.addAll(List.of(extraArgs));
        return awaitReady(launch(args, "receiver backend=" + backend.name().toLowerCase() + " api=" + api.name()));
    }

    /** Starts any command that speaks the receiver protocol (a C reference receiver) and waits for its {@code ready} line. */
    static ReceiverProcess startCommand(List<String> command, String description) throws IOException, InterruptedException {
        return awaitReady(new ReceiverProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start(),
                description, System.nanoTime()));
    }

    /** Waits for the receiver's {@code ready} line; closes it when that fails. */
    private static ReceiverProcess awaitReady(ReceiverProcess receiver) throws InterruptedException {
        try {
            receiver.awaitLine(ReceiverCommand.READY::equals, START_TIMEOUT);
        } catch (RuntimeException | InterruptedException failure) {
            receiver.close();
            throw failure;
        }
        return receiver;
    }

    /** Starts any command (a web app on a class path of its own) without waiting for anything. */
    static ReceiverProcess launchCommand(List<String> command, String description) throws IOException {
        long launched = System.nanoTime();
        return new ReceiverProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start(), description, launched);
    }

    /** Starts {@code java … <harness args>} without waiting for anything; {@link #launchedNanos()} is when. */
    static ReceiverProcess launch(List<String> harnessArgs, String description) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(harnessArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        long launched = System.nanoTime();
        return new ReceiverProcess(builder.start(), description, launched);
    }

    /**
     * {@code java [options] -jar <this jar>} when running from the jar, else {@code java [options] -cp <class path> Main}
     * (tests, IDEs): either way the child runs exactly the code the parent runs.
     */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small fixed heap keeps RSS comparable between backends and runs; the log says which backend runs only on warn.
        command.addAll(List.of("-Xmx128m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED"); // JNA loads native code: JDK 24+ warns without it
        }
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && new File(classPath).isFile()) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, Main.class.getName()));
        }
        return command;
    }

    /** {@link System#nanoTime()} just before the child was forked. */
    long launchedNanos() {
        return launchedNanos;
    }

    /** Waits for the child to exit; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("The " + description + " (pid " + process.pid() + ") did not exit within " + timeout);
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal to this child (and only to it). */
    void kill(Signal signal) {
        LibC.kill((int) process.pid(), signal.number());
    }

    /** Writes a line to the child's standard input. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** The next line the child printed. */
    String nextLine(Duration timeout) throws InterruptedException {
        return awaitLine(line -> true, timeout);
    }

    /** Waits for a line matching the predicate, dropping the lines before it. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        return awaitTimedLine(match, timeout).text();
    }

    /** The next line, with when it arrived here. */
    Line nextTimedLine(Duration timeout) throws InterruptedException {
        return awaitTimedLine(line -> true, timeout);
    }

    /** Lines printed and not read yet: a receiver that answers a signal twice leaves one here. */
    int unreadLines() {
        return lines.size();
    }

    private Line awaitTimedLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Line line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new IllegalStateException("The " + description + " (pid " + process.pid() + ") printed no expected line within "
                        + timeout + (process.isAlive() ? "" : "; it exited with code " + process.exitValue()));
            }
            if (match.test(line.text())) {
                return line;
            }
        }
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(new Line(line, System.nanoTime()));
            }
        } catch (IOException ended) {
            // the child is gone; awaitLine reports it
        }
    }

    /** Ends the child: SIGTERM (it does not take TERM, so the JVM exits), then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return description + " pid " + process.pid();
    }
}
