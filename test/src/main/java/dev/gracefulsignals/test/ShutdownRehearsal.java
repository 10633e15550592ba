package dev.gracefulsignals.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulsignals.test.RehearsalResult.ReadinessChange;
import dev.gracefulsignals.test.RehearsalResult.Request;
import org.jspecify.annotations.Nullable;

/**
 * A deploy's shutdown, rehearsed on your own application: starts it in a child JVM (a main class on the test class path,
 * or a built jar) with default signal dispositions, waits until its readiness answers 2xx, drives HTTP load (short and
 * slow requests, on kept-alive and on new connections), sends a real TERM, follows readiness as a load balancer would,
 * and returns what happened to every request, with the phases and hooks of the shutdown's report line. It proves that
 * your filters, pools, consumers and hook timeouts drain, not only the library's:
 *
 * <pre>{@code
 * RehearsalResult result = ShutdownRehearsal.mainClass(DemoApplication.class)
 *         .args("--graceful.shutdown.drain-delay=2s")
 *         .shortRequest("/orders")
 *         .slowRequest("/orders/export", 3)
 *         .run();
 *
 * RehearsalAssert.assertThat(result).lostNoRequests().exitedWith(143).finishedWithin(Duration.ofSeconds(20));
 * }</pre>
 *
 * <p>What the readiness follower does, and no more: it polls the readiness path every {@link #readinessInterval} (as a
 * Kubernetes readiness probe or a load balancer's health check with no retries) and, from the first answer that is not
 * 2xx (or no answer), the load sends the application no new request; those are counted as rerouted. Requests already
 * sent run to their end, so a drain delay shorter than the follower's lag, or a server that cuts requests in flight,
 * shows as failed requests. It is one client-side router, not a proxy: a real load balancer adds its own connection
 * handling and retries, which can hide losses this rehearsal shows.
 *
 * <p>Without {@link #port(int)} the application gets {@code --server.port=0} (unless its arguments name a port) and
 * the port is read from its log ("Tomcat started on port 41234"). The timeline picture is written to
 * {@code target/shutdown-rehearsal/<name>.svg} (or {@link #pictureDirectory(Path)}).
 */
public final class ShutdownRehearsal {

    private static final Pattern PHASE_LINE = Pattern.compile("Graceful shutdown: ([a-z][a-z-]*)(?![\\w-])");
    private static final Pattern PORT = Pattern.compile("(?i)started on port(?:\\(s\\))?:? (\\d+)");

    /** The load's settings. */
    record Traffic(String readinessPath, String shortPath, String slowPath, int slowClients, int clients, double keepAliveShare,
                   Duration pause, Duration readinessInterval, Duration requestTimeout) {
    }

    private final List<String> launch;
    private String name;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    private final List<String> args = new ArrayList<>();
    private @Nullable Integer port;
    private String host = "127.0.0.1";
    private String readinessPath = "/actuator/health/readiness";
    private String shortPath = "/";
    private @Nullable String slowPath;
    private int slowClients;
    private int clients = 4;
    private double keepAliveShare = 0.5;
    private Duration pause = Duration.ofMillis(20);
    private Duration readinessInterval = Duration.ofMillis(500);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration loadBeforeTerm = Duration.ofSeconds(2);
    private Duration startupTimeout = Duration.ofSeconds(120);
    private Duration exitTimeout = Duration.ofSeconds(60);
    private Path pictureDirectory = Path.of("target", "shutdown-rehearsal");
    private boolean throughProxy;

    private ShutdownRehearsal(List<String> launch, String name) {
        this.launch = launch;
        this.name = name;
    }

    /** Rehearses {@code mainClass}, run on this JVM's class path (the test class path). */
    public static ShutdownRehearsal mainClass(Class<?> mainClass) {
        return mainClass(mainClass.getName(), System.getProperty("java.class.path"));
    }

    /** Rehearses the main class of this name on this class path. */
    public static ShutdownRehearsal mainClass(String mainClass, String classPath) {
        List<String> launch = new ArrayList<>();
        if (Runtime.version().feature() >= 24) {
            launch.add("--enable-native-access=ALL-UNNAMED"); // JNA loads the signal handler
        }
        launch.addAll(List.of("-cp", classPath, mainClass));
        return new ShutdownRehearsal(launch, mainClass.substring(mainClass.lastIndexOf('.') + 1));
    }

    /** Rehearses an executable jar, run with {@code java -jar} as in production (native access from its manifest). */
    public static ShutdownRehearsal jar(Path jar) {
        String file = jar.getFileName().toString();
        return new ShutdownRehearsal(List.of("-jar", jar.toString()), file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file);
    }

    /** The name of the picture's file; the main class's simple name or the jar's name by default. */
    public ShutdownRehearsal name(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /** Program arguments, such as {@code --graceful.shutdown.drain-delay=2s}. */
    public ShutdownRehearsal args(String... args) {
        this.args.addAll(List.of(args));
        return this;
    }

    /** JVM options, added after the defaults ({@code -Xmx256m -XX:TieredStopAtLevel=1}). */
    public ShutdownRehearsal jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** The port the application listens on, when it is fixed; otherwise it is read from the log. */
    public ShutdownRehearsal port(int port) {
        this.port = port;
        return this;
    }

    /** The host to send to; {@code 127.0.0.1} by default. */
    public ShutdownRehearsal host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    /** The path that answers 2xx while the instance takes traffic; {@code /actuator/health/readiness} by default. */
    public ShutdownRehearsal readinessPath(String path) {
        this.readinessPath = path;
        return this;
    }

    /** The request most of the load sends; {@code /} by default. */
    public ShutdownRehearsal shortRequest(String path) {
        this.shortPath = path;
        return this;
    }

    /**
     * A slow request, sent back to back by {@code clients} clients of its own besides the short ones: make it slower than
     * the drain delay plus the readiness follower's lag, so that some are in flight when the server stops its intake. The
     * slow clients start staggered over one request's time, so that at any moment one of them has just sent its request.
     */
    public ShutdownRehearsal slowRequest(String path, int clients) {
        if (clients < 0) {
            throw new IllegalArgumentException("No fewer than zero slow clients, not " + clients);
        }
        this.slowPath = path;
        this.slowClients = clients;
        return this;
    }

    /** How many clients send the short request (each one request at a time, then a pause); 4 by default. */
    public ShutdownRehearsal clients(int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("At least one client, not " + clients);
        }
        this.clients = clients;
        return this;
    }

    /**
     * The share of clients (0 to 1) that keep their connections alive; the others open a new one per request. 0.5 by
     * default. Short and slow clients alike.
     */
    public ShutdownRehearsal keepAliveShare(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("The share of kept-alive clients is between 0 and 1, not " + share);
        }
        this.keepAliveShare = share;
        return this;
    }

    /** Each client's pause between two requests; 20 ms by default. */
    public ShutdownRehearsal pause(Duration pause) {
        this.pause = pause;
        return this;
    }

    /** How often the follower polls readiness; 500 ms by default. A load balancer's lag is at most about this. */
    public ShutdownRehearsal readinessInterval(Duration interval) {
        this.readinessInterval = interval;
        return this;
    }

    /** How long one request may take before it counts as failed ({@code timeout}); 30 s by default. */
    public ShutdownRehearsal requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** How long the load runs before TERM, once it is steady (an answer came, every slow client has started); 2 s by default. */
    public ShutdownRehearsal loadBeforeTerm(Duration duration) {
        this.loadBeforeTerm = duration;
        return this;
    }

    /** How long the application may take to become ready; 120 s by default. */
    public ShutdownRehearsal startupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return this;
    }

    /** How long after TERM the process may take to exit before it is killed (exit code -1 in the result); 60 s by default. */
    public ShutdownRehearsal exitTimeout(Duration timeout) {
        this.exitTimeout = timeout;
        return this;
    }

    /**
     * Sends the load through a small local proxy that follows readiness (see {@link ReadinessProxy}'s rules: it forwards
     * on kept-alive connections of its own while the follower routes, answers 503 marked rerouted after), as a load
     * balancer sits between clients and the application. Without it, each client follows readiness itself.
     */
    public ShutdownRehearsal throughProxy() {
        this.throughProxy = true;
        return this;
    }

    /** Where the timeline picture goes; {@code target/shutdown-rehearsal} by default. */
    public ShutdownRehearsal pictureDirectory(Path directory) {
        this.pictureDirectory = directory;
        return this;
    }

    /**
     * Runs the rehearsal: start, readiness, load, TERM, exit. A child that does not exit within the exit timeout is
     * killed and the result says so (exit code -1).
     *
     * @throws AssertionError when the application ends or does not become ready during startup, with its output
     */
    public RehearsalResult run() throws IOException, InterruptedException {
        Traffic traffic = new Traffic(readinessPath, shortPath, slowPath == null ? shortPath : slowPath, slowPath == null ? 0 : slowClients,
                clients, keepAliveShare, pause, readinessInterval, requestTimeout);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(launch);
        if (port == null && args.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            command.add("--server.port=0");
        }
        command.addAll(args);
        try (RehearsalChild child = RehearsalChild.start(command)) {
            int listening = awaitReady(child);
            RehearsalLoad load = new RehearsalLoad(host, listening, traffic);
            ReadinessProxy proxy = throughProxy ? new ReadinessProxy(host, listening, load::routing, requestTimeout) : null;
            if (proxy != null) {
                load.sendThrough(proxy.port());
            }
            try {
                return rehearse(child, load, listening);
            } finally {
                if (proxy != null) {
                    proxy.close();
                }
            }
        }
    }

    private RehearsalResult rehearse(RehearsalChild child, RehearsalLoad load, int listening) throws IOException, InterruptedException {
        load.start();
        // The first answers of a fresh JVM are slow (class loading, the dispatcher's start) and the slow clients start
        // staggered: the time before TERM counts from when the load is steady.
        if (!load.awaitSteady(startupTimeout)) {
            load.stop();
            throw new AssertionError("The load never became steady within " + startupTimeout + " (" + load.answered()
                    + " answered; " + shortPath + " on port " + listening + "): nothing to rehearse. Output:\n" + child.output());
        }
        Thread.sleep(loadBeforeTerm.toMillis());
        long term = System.nanoTime();
        child.term();
        int exitCode = child.awaitExit(exitTimeout);
        long exited = System.nanoTime();
        if (exitCode == -1) {
            child.close();
        }
        List<RehearsalLoad.Sent> sent = load.stop();
        List<Request> requests = new ArrayList<>();
        for (RehearsalLoad.Sent request : sent) {
            if (request.start() < exited) { // a request started after the exit has nothing to tell
                requests.add(new Request(request.kind(), request.keepAlive(), Duration.ofNanos(request.start() - term),
                        Duration.ofNanos(request.end() - term), request.outcome(), request.detail()));
            }
        }
        List<ReadinessChange> readiness = load.readiness().stream()
                .map(seen -> new ReadinessChange(Duration.ofNanos(seen.at() - term), seen.status())).toList();
        String output = child.output();
        Optional<RehearsalResult.Report> report = RehearsalResult.Report.find(output)
                .map(found -> found.withPhaseStarts(phaseStarts(child.lines(), term)));
        RehearsalResult result = new RehearsalResult(name, requests, readiness, report, exitCode,
                Duration.ofNanos(exited - term), output, Optional.empty());
        Files.createDirectories(pictureDirectory);
        Path picture = pictureDirectory.resolve(name + ".svg");
        Files.writeString(picture, TimelinePicture.svg(result));
        return new RehearsalResult(result.name(), result.requests(), result.readiness(), result.report(), result.exitCode(),
                result.termToExit(), result.output(), Optional.of(picture));
    }

    /** When each "Graceful shutdown: phase" line arrived, from TERM. */
    private static Map<String, Duration> phaseStarts(List<RehearsalChild.Line> lines, long term) {
        Map<String, Duration> starts = new HashMap<>();
        for (RehearsalChild.Line line : lines) {
            Matcher phase = PHASE_LINE.matcher(line.text());
            if (line.at() >= term && phase.find()) {
                starts.putIfAbsent(phase.group(1), Duration.ofNanos(line.at() - term));
            }
        }
        return starts;
    }

    /** Waits for the port (from the log when not given) and a 2xx readiness answer; returns the port. */
    private int awaitReady(RehearsalChild child) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + startupTimeout.toNanos();
        Integer listening = port;
        while (System.nanoTime() - until < 0) {
            if (!child.isAlive()) {
                throw new AssertionError("The application ended during startup; output:\n" + child.output());
            }
            if (listening == null) {
                Matcher found = PORT.matcher(child.output());
                listening = found.find() ? Integer.valueOf(found.group(1)) : null;
            }
            if (listening != null) {
                try {
                    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + host + ":" + listening + readinessPath))
                            .timeout(Duration.ofSeconds(2)).build();
                    if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                        return listening;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The application was not ready within " + startupTimeout + " (" + (listening == null
                ? "no \"started on port\" line in its log; give the port with port(int)"
                : readinessPath + " on port " + listening + " never answered 2xx") + "); output:\n" + child.output());
    }
}
