package dev.gracefulsignals.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM on this test's class path, for signals that end a process (TERM, INT, HUP) or
 * behaviour that must not touch the test JVM. Its output is captured line by line (stderr merged).
 * Every child starts with default signal dispositions ({@code env --default-signal}), whatever the test JVM
 * inherited: an ignored signal survives exec, and the library rightly leaves it ignored.
 */
public final class ChildJvm implements AutoCloseable {

    private static final List<String> SMALL_AND_FAST = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private volatile boolean outputEnded;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (all) {
                        all.add(line);
                    }
                    unread.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
            outputEnded = true;
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with these JVM options and program arguments. */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        return start(mainClass, jvmOptions, Map.of(), args);
    }

    /**
     * Starts {@code mainClass} with these JVM options and program arguments, and with {@code environment} set on top
     * of this JVM's environment (for variables a service manager passes, such as {@code NOTIFY_SOCKET}).
     */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException {
        ProcessBuilder builder = launch(javaCommand(mainClass, jvmOptions, args));
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start());
    }

    /**
     * Starts the child with {@code signal} inherited as ignored (SIG_IGN), as {@code nohup} does for HUP: a shell
     * sets the disposition with {@code trap '' SIGNAL} and execs the JVM, and ignored dispositions survive exec.
     */
    public static ChildJvm startIgnoring(String signal, Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' " + signal + "; exec \"$@\"", "sh"));
        command.addAll(javaCommand(mainClass, jvmOptions, args));
        return new ChildJvm(launch(command).start());
    }

    /**
     * Starts the child with {@code signals} (names such as "TERM") blocked in its inherited signal mask, as a parent
     * that blocked them before fork and exec leaves them: a Python launcher blocks them and execs the JVM, and masks
     * survive exec.
     */
    public static ChildJvm startBlocking(List<String> signals, Class<?> mainClass, List<String> jvmOptions, String... args)
            throws IOException {
        String block = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, {" + signals.stream()
                .map(name -> "signal.SIG" + name).collect(java.util.stream.Collectors.joining(", ")) + "}); os.execv(sys.argv[1], sys.argv[1:])";
        List<String> command = new ArrayList<>(List.of("python3", "-c", block));
        command.addAll(javaCommand(mainClass, jvmOptions, args));
        return new ChildJvm(launch(command).start());
    }

    /**
     * Starts an executable jar ({@code java -jar}, as a user runs it) with the default options plus these, but
     * without {@code --enable-native-access}: as for a user, native access on JDK 24+ comes from the jar's manifest.
     */
    public static ChildJvm startJar(Path jar, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SMALL_AND_FAST);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return new ChildJvm(launch(command).start());
    }

    /** Starts this exact command line: a JVM of another platform, say, behind the emulator that runs it. */
    public static ChildJvm startCommand(List<String> command) throws IOException {
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Starts the child on another class path (a library removed or replaced, say). */
    public static ChildJvm startOnClassPath(String classPath, Class<?> mainClass, List<String> jvmOptions, String... args)
            throws IOException {
        return new ChildJvm(launch(javaCommand(classPath, mainClass, jvmOptions, args)).start());
    }

    /** The command behind {@code env --default-signal}: every signal's disposition back to the default, then exec. */
    private static ProcessBuilder launch(List<String> command) {
        List<String> reset = new ArrayList<>(List.of("env", "--default-signal"));
        reset.addAll(command);
        return new ProcessBuilder(reset).redirectErrorStream(true);
    }

    private static List<String> javaCommand(Class<?> mainClass, List<String> jvmOptions, String... args) {
        return javaCommand(System.getProperty("java.class.path"), mainClass, jvmOptions, args);
    }

    private static List<String> javaCommand(String classPath, Class<?> mainClass, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(defaultJvmOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Options every child gets: a small heap, fast start, and native access on JDK 24+ (JNA). */
    public static List<String> defaultJvmOptions() {
        List<String> options = new ArrayList<>(SMALL_AND_FAST);
        if (Runtime.version().feature() >= 24) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for a line matching the predicate, consuming the lines before it. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            // Polled in slices so that a child that has exited (a missing jar, a crash) fails the test at once.
            boolean ended = outputEnded;
            String line = left > 0 ? unread.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS) : null;
            if (line == null && ended && unread.isEmpty()) {
                throw new AssertionError("The child ended its output (alive=" + process.isAlive() + ") without a matching line; output:\n"
                        + output());
            }
            if (line == null && left <= 0) {
                throw new AssertionError("No matching line within " + timeout + " (alive=" + process.isAlive() + "); output:\n" + output());
            }
            if (line == null) {
                continue;
            }
            if (match.test(line)) {
                return line;
            }
        }
    }

    public String awaitLine(String contains) throws InterruptedException {
        return awaitLine(line -> line.contains(contains), Duration.ofSeconds(30));
    }

    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for the exit and returns its code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The child did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the child printed so far. */
    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
