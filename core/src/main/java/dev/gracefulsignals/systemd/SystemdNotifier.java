package dev.gracefulsignals.systemd;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.LastErrorException;

/**
 * Tells systemd what the application is doing, through the {@code sd_notify} protocol: one datagram of
 * newline-separated {@code KEY=value} lines per call, sent to the Unix socket systemd names in
 * {@code $NOTIFY_SOCKET}.
 *
 * <pre>{@code
 * SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
 * systemd.ready();                                   // Type=notify: systemctl start returns now
 * systemd.startWatchdog(() -> healthy);              // WATCHDOG=1 every WatchdogSec/2 while healthy
 * ...
 * systemd.stopping();
 * systemd.status("Draining requests");
 * systemd.extendTimeout(Duration.ofSeconds(10));     // still making progress: do not kill us yet
 * }</pre>
 *
 * <p>Guarantees and limits:
 * <ul>
 * <li>Without {@code NOTIFY_SOCKET} (not started by systemd, or {@code Type=simple}) the notifier is
 *     {@linkplain #isEnabled() disabled}: every method returns at once, nothing is sent, no thread starts and
 *     no native code is loaded.</li>
 * <li>Notifications are best-effort, as in libsystemd: a failed send is logged once at WARN (later ones at
 *     DEBUG) and never thrown, so a missing or full socket cannot break the application.</li>
 * <li>Each call is one datagram from a fresh close-on-exec socket; calls are thread-safe and arrive in the
 *     order they are made from one thread.</li>
 * <li>systemd accepts notifications only from the processes {@code NotifyAccess=} allows; with
 *     {@code NotifyAccess=main} the JVM must be the service's main process (use {@code exec java} in a
 *     wrapper script).</li>
 * </ul>
 */
public final class SystemdNotifier implements AutoCloseable {

    /** The name of the watchdog's daemon thread. */
    public static final String WATCHDOG_THREAD_NAME = "graceful-systemd-watchdog";

    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    private final @Nullable NotifySocket socket;
    private final @Nullable Duration watchdogTimeout;
    private final long pid;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final Object watchdogLock = new Object();
    /** The running watchdog, or null. Guarded by watchdogLock. */
    private @Nullable Watchdog watchdog;

    private SystemdNotifier(@Nullable NotifySocket socket, @Nullable Duration watchdogTimeout, long pid) {
        this.socket = socket;
        this.watchdogTimeout = watchdogTimeout;
        this.pid = pid;
    }

    /** A notifier for this process's environment ({@link System#getenv()}). */
    public static SystemdNotifier fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * A notifier for the given environment: {@code NOTIFY_SOCKET} says where to send (absent or empty: a
     * disabled notifier); {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} say whether systemd expects watchdog
     * pings from this process and how often. Values systemd would not have set are logged and ignored.
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> environment) {
        long pid = ProcessHandle.current().pid();
        String notifySocket = environment.get("NOTIFY_SOCKET");
        if (notifySocket == null || notifySocket.isEmpty()) {
            return new SystemdNotifier(null, null, pid);
        }
        NotifySocket socket;
        try {
            socket = NotifySocket.parse(notifySocket);
        } catch (IllegalArgumentException e) {
            log.warn("NOTIFY_SOCKET={} cannot be used ({}); systemd will not be notified", notifySocket, e.getMessage());
            return new SystemdNotifier(null, null, pid);
        }
        return new SystemdNotifier(socket, watchdogTimeout(environment, pid), pid);
    }

    /** WATCHDOG_USEC when the watchdog is meant for this process (sd_watchdog_enabled's rules), else null. */
    private static @Nullable Duration watchdogTimeout(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return null;
        }
        String watchdogPid = environment.get("WATCHDOG_PID");
        try {
            // Set for another process: an environment inherited from a parent that systemd watches, not us.
            if (watchdogPid != null && !watchdogPid.isEmpty() && Long.parseLong(watchdogPid) != pid) {
                log.debug("WATCHDOG_PID={} is not this process ({}); not sending watchdog pings", watchdogPid, pid);
                return null;
            }
            long micros = Long.parseLong(usec);
            if (micros <= 0) {
                throw new NumberFormatException("not positive");
            }
            return Duration.of(micros, ChronoUnit.MICROS);
        } catch (NumberFormatException e) {
            log.warn("WATCHDOG_USEC={}{} is not valid ({}); not sending watchdog pings", usec,
                    watchdogPid == null ? "" : " / WATCHDOG_PID=" + watchdogPid, e.getMessage());
            return null;
        }
    }

    /** Whether systemd is listening ({@code NOTIFY_SOCKET} is set and usable); when false every method is a no-op. */
    public boolean isEnabled() {
        return socket != null;
    }

    /**
     * The watchdog timeout systemd set for this process ({@code WatchdogSec=}, passed as {@code WATCHDOG_USEC}),
     * when notifications are enabled and {@code WATCHDOG_PID} is absent or this process.
     */
    public Optional<Duration> watchdogTimeout() {
        return Optional.ofNullable(watchdogTimeout);
    }

    /** Start-up is complete: {@code READY=1} with {@code MAINPID} (so systemd knows the JVM even behind a launcher). */
    public void ready() {
        send("READY=1\nMAINPID=" + pid);
    }

    /**
     * A configuration reload starts: {@code RELOADING=1} with {@code MONOTONIC_USEC}, the CLOCK_MONOTONIC time
     * that systemd 253+ requires to match the message to the reload it asked for. End it with
     * {@link #readyAfterReload()}.
     */
    public void reloading() {
        // HotSpot's System.nanoTime() on Linux is clock_gettime(CLOCK_MONOTONIC); SystemdNotifierTest checks it.
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    /** The reload finished: {@code READY=1}; systemd leaves the reloading state. */
    public void readyAfterReload() {
        send("READY=1");
    }

    /** The shutdown sequence started: {@code STOPPING=1}. */
    public void stopping() {
        send("STOPPING=1");
    }

    /** A one-line status that {@code systemctl status} shows: {@code STATUS=...}; line breaks become spaces. */
    public void status(String text) {
        send("STATUS=" + text.replaceAll("[\\r\\n\\x00]+", " ").strip());
    }

    /**
     * Asks for more time in the current phase (start-up, reload or shutdown): {@code EXTEND_TIMEOUT_USEC}. systemd
     * then waits at least {@code extension} from now, however far past its own timeout that is, for the phase to
     * end or for the next extension; send again before it runs out while progress continues.
     *
     * @throws IllegalArgumentException if the extension is zero or negative
     */
    public void extendTimeout(Duration extension) {
        if (extension.isNegative() || extension.isZero()) {
            throw new IllegalArgumentException("The timeout extension must be positive, not " + extension);
        }
        long micros = Math.max(1, TimeUnit.MICROSECONDS.convert(extension));
        send("EXTEND_TIMEOUT_USEC=" + micros);
    }

    /** One watchdog keep-alive ping: {@code WATCHDOG=1}. {@link #startWatchdog} sends these on a schedule. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /**
     * Sends {@link #watchdog()} pings from a daemon thread, {@value #WATCHDOG_THREAD_NAME}, at half the
     * {@linkplain #watchdogTimeout() watchdog timeout} (the rate sd_watchdog_enabled recommends), the first one at
     * once. Before each ping it asks {@code healthy}; while that says false (or throws) pings are withheld, so
     * systemd applies the unit's watchdog policy if the application stays unhealthy for the whole timeout, and
     * they resume when it recovers.
     *
     * @return whether the watchdog started: false when systemd expects no pings from this process
     * @throws IllegalStateException if the watchdog is already running
     */
    public boolean startWatchdog(BooleanSupplier healthy) {
        Duration timeout = watchdogTimeout;
        if (socket == null || timeout == null) {
            return false;
        }
        synchronized (watchdogLock) {
            if (watchdog != null) {
                throw new IllegalStateException("The systemd watchdog is already running; stop it before starting another");
            }
            Watchdog started = new Watchdog(healthy, timeout);
            watchdog = started;
            started.thread.start();
            log.info("Sending systemd watchdog pings every {} ms (WatchdogSec={} ms) to {}", started.periodNanos / 1_000_000,
                    timeout.toMillis(), socket);
            return true;
        }
    }

    /** Stops the watchdog pings, if running; no ping is sent after this returns. */
    public void stopWatchdog() {
        Watchdog stopped;
        synchronized (watchdogLock) {
            stopped = watchdog;
            watchdog = null;
        }
        if (stopped != null) {
            stopped.stop();
        }
    }

    /** Stops the watchdog; the notifier holds nothing else open. */
    @Override
    public void close() {
        stopWatchdog();
    }

    /** The period the watchdog pings at, when it would run. */
    Optional<Duration> watchdogPeriod() {
        return watchdogTimeout().map(timeout -> timeout.dividedBy(2));
    }

    private void send(String message) {
        NotifySocket target = socket;
        if (target == null) {
            return;
        }
        try {
            target.send(message);
        } catch (LastErrorException e) {
            // JNA's message is "[errno] strerror"; keep the words.
            String reason = String.valueOf(e.getMessage()).replaceFirst("^\\[\\d+\\] ", "");
            failed(target, message, "errno " + e.getErrorCode() + ", " + reason, e);
        } catch (RuntimeException | LinkageError e) {
            // JNA could not load or bind libc: still never the caller's problem.
            failed(target, message, e.toString(), e);
        }
    }

    private void failed(NotifySocket target, String message, String cause, Throwable failure) {
        String first = message.lines().findFirst().orElse(message);
        if (failureLogged.compareAndSet(false, true)) {
            log.warn("Could not notify systemd at NOTIFY_SOCKET={} ({}) sending {}; the application carries on, and further"
                    + " failures are logged at DEBUG", target, cause, first);
        } else {
            log.debug("Could not notify systemd at NOTIFY_SOCKET={} ({}) sending {}", target, cause, first, failure);
        }
    }

    @Override
    public String toString() {
        return socket == null ? "SystemdNotifier[disabled]"
                : "SystemdNotifier[" + socket + (watchdogTimeout == null ? "" : ", watchdog " + watchdogTimeout.toMillis() + " ms") + "]";
    }

    /** The ping loop: fixed delay, so a stalled JVM never sends a burst of catch-up pings that would hide the stall. */
    private final class Watchdog implements Runnable {

        private final BooleanSupplier healthy;
        private final long periodNanos;
        private final long timeoutMillis;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final Thread thread;

        Watchdog(BooleanSupplier healthy, Duration timeout) {
            this.healthy = healthy;
            this.periodNanos = Math.max(1, timeout.dividedBy(2).toNanos());
            this.timeoutMillis = timeout.toMillis();
            this.thread = new Thread(this, WATCHDOG_THREAD_NAME);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            boolean wasHealthy = true;
            try {
                do {
                    boolean isHealthy = check(wasHealthy);
                    // A health check that outlived stop()'s join must not ping after it.
                    if (stopped.getCount() == 0) {
                        return;
                    }
                    if (isHealthy) {
                        watchdog();
                        if (!wasHealthy) {
                            log.info("The application is healthy again: resuming systemd watchdog pings");
                        }
                    } else if (wasHealthy) {
                        log.warn("The application is unhealthy: withholding systemd watchdog pings; systemd applies the unit's"
                                + " watchdog policy if this lasts {} ms", timeoutMillis);
                    }
                    wasHealthy = isHealthy;
                } while (!stopped.await(periodNanos, TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                // Nobody else interrupts this thread; end as if stopped.
            }
        }

        private boolean check(boolean wasHealthy) {
            try {
                return healthy.getAsBoolean();
            } catch (RuntimeException e) {
                if (wasHealthy) {
                    log.warn("The watchdog health check threw; counting the application as unhealthy", e);
                }
                return false;
            }
        }

        void stop() {
            stopped.countDown();
            if (Thread.currentThread() == thread) {
                return;
            }
            try {
                // Bounded: a health check that hangs must not hang the caller (often the shutdown sequence).
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
