package dev.gracefulsignals.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gracefulsignals.shutdown.ExitStatus;
import dev.gracefulsignals.shutdown.RepeatPolicy;
import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.SignalAction;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of Graceful Signals, under {@code graceful.*}. Validates itself at startup: an
 * unknown or refused signal name, two keys for one signal, or a negative duration, fails the binding
 * with the property's name.
 */
@ConfigurationProperties("graceful")
public class GracefulSignalsProperties implements Validator {

    /**
     * Whether Graceful Signals handles signals at all. When false, the JVM's own handling stays; a
     * ShutdownToken bean is still offered, requested when the application context closes.
     */
    private boolean enabled = true;

    /**
     * How signals are captured: "native" (async-signal-safe C handler, sender details; Linux x86-64 with glibc or musl, Linux aarch64 with glibc),
     * "jvm" (sun.misc.Signal, no sender details), or "auto" (native where it loads, jvm elsewhere).
     */
    private Backend backend = Backend.AUTO;

    /**
     * Action per signal, keyed by name (term, hup, usr1; a real-time signal in brackets, [rtmin+3], to
     * keep its '+'): shutdown, reload, event, ignore or none. TERM and INT default to shutdown and HUP to
     * reload; signals named only by @OnSignal methods get event. One key per signal: term and sigterm together
     * fail startup.
     */
    private Map<String, SignalAction> signals = new LinkedHashMap<>();

    /**
     * Whether to take signals the process inherited as ignored (nohup sets SIG_IGN for HUP). By default
     * an inherited ignore is respected and logged.
     */
    private boolean takeIgnored = false;

    /**
     * Whether the job-control signals CONT, TSTP, TTIN and TTOU may be handled. Taking them changes how
     * a shell or service manager stops and resumes the process.
     */
    private boolean allowJobControl = false;

    /**
     * The most threads that run @OnSignal(async = true) methods at once. A method runs once at a time per signal: a
     * signal that finds it still running (or waiting for a thread) merges into its next run, counts added,
     * and is counted in the signals.async.merged meter.
     */
    private int asyncThreads = 2;

    /**
     * The graceful shutdown sequence.
     */
    private final Shutdown shutdown = new Shutdown();

    /**
     * The systemd notify integration.
     */
    private final Systemd systemd = new Systemd();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Backend getBackend() {
        return backend;
    }

    public void setBackend(Backend backend) {
        this.backend = backend;
    }

    public Map<String, SignalAction> getSignals() {
        return signals;
    }

    public void setSignals(Map<String, SignalAction> signals) {
        this.signals = signals;
    }

    public boolean isTakeIgnored() {
        return takeIgnored;
    }

    public void setTakeIgnored(boolean takeIgnored) {
        this.takeIgnored = takeIgnored;
    }

    public boolean isAllowJobControl() {
        return allowJobControl;
    }

    public void setAllowJobControl(boolean allowJobControl) {
        this.allowJobControl = allowJobControl;
    }

    public int getAsyncThreads() {
        return asyncThreads;
    }

    public void setAsyncThreads(int asyncThreads) {
        this.asyncThreads = asyncThreads;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Systemd getSystemd() {
        return systemd;
    }

    /** The configured actions with the signal names parsed; call after validation. */
    public Map<Signal, SignalAction> parsedSignals() {
        Map<Signal, SignalAction> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, SignalAction> entry : signals.entrySet()) {
            parsed.put(Signal.of(entry.getKey()), entry.getValue());
        }
        return parsed;
    }

    @Override
    public boolean supports(Class<?> type) {
        return GracefulSignalsProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ConfigurationChecks.properties((GracefulSignalsProperties) target, errors);
    }

    /** The graceful shutdown sequence. */
    public static class Shutdown {

        /**
         * Deadline for the whole sequence, from the signal to the exit. Past it the stacks of the threads
         * still running and the report are logged and the process ends through the native library's _exit
         * (Runtime.halt on the jvm backend), even when the JVM's own exit is stuck. Keep it inside Kubernetes'
         * terminationGracePeriodSeconds (30s by default) with a second to spare.
         */
        private Duration timeout = Duration.ofSeconds(25);

        /**
         * How long to keep serving after readiness turns REFUSING_TRAFFIC, so load balancers and
         * Kubernetes endpoints stop sending traffic first. Replaces a preStop sleep.
         */
        private Duration drainDelay = Duration.ZERO;

        /**
         * How long the shutdown's first step waits for the SignalEvent listeners and @OnSignal methods of the
         * signal that started it, before readiness turns REFUSING_TRAFFIC. Counted inside the deadline. Those still
         * running then are interrupted and no longer waited for, those not started never start, and the sequence goes on.
         */
        private Duration listenerTimeout = Duration.ofSeconds(5);

        /**
         * Default timeout of each ShutdownHook bean; a hook can set its own.
         */
        private Duration hookTimeout = Duration.ofSeconds(10);

        /**
         * How long executors and schedulers may finish their running tasks before they are interrupted.
         */
        private Duration taskGracePeriod = Duration.ofSeconds(5);

        /**
         * What a shutdown signal does when it comes again during a shutdown a signal started, at least
         * repeat-window after the last one: hurry (the first repeat skips what is left of the drain delay and
         * of the waits for in-flight work, runs the hooks each capped to hurried-hook-timeout, then exits; a
         * further repeat halts), halt (the first repeat halts at once, exit 128 + the first signal), or ignore.
         */
        private RepeatPolicy onRepeat = RepeatPolicy.HURRY;

        /**
         * The status the process ends with after a shutdown signal: signal (128 + the signal's number
         * whatever the outcome, 143 for TERM, as the JVM does) or zero-when-clean (0 when the sequence
         * completed unhurried with every hook successful and no work still held, 128 + the number when it
         * completed otherwise, 124 when it did not complete: halted by a repeat or at the deadline). A
         * non-zero ExitCodeGenerator still wins on completion.
         */
        private ExitStatus exitStatus = ExitStatus.SIGNAL;

        /**
         * Shutdown signals within this time of the last one are duplicates (a supervisor and a wrapper both
         * forwarding one stop): merged, counted and logged, never hurrying or halting.
         */
        private Duration repeatWindow = Duration.ofSeconds(1);

        /**
         * How long each hook may run once a repeated signal hurried the shutdown.
         */
        private Duration hurriedHookTimeout = Duration.ofSeconds(1);

        /**
         * The signals whose shutdown waits the drain delay. TERM is what Kubernetes and service managers
         * send; a person pressing Ctrl+C (INT) should not wait. A shutdown not started by a signal
         * (System.exit, the actuator, a test's context close) never waits.
         */
        private List<String> drainDelaySignals = new ArrayList<>(List.of("TERM"));

        /**
         * Whether hooks of equal order run at the same time, each under its own timeout.
         */
        private boolean concurrentHooks = false;

        /**
         * Whether the sequence closes the application context before it exits. Turn it off only in a
         * test whose context the test framework owns (@SpringBootTest with @DirtiesContext): the hooks
         * still run and the exit is recorded, and the framework closes the context afterwards.
         */
        private boolean closeContext = true;

        /** The long-lived streams stop-intake ends. */
        private final Streams streams = new Streams();

        public Streams getStreams() {
            return streams;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getDrainDelay() {
            return drainDelay;
        }

        public void setDrainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
        }

        public Duration getListenerTimeout() {
            return listenerTimeout;
        }

        public void setListenerTimeout(Duration listenerTimeout) {
            this.listenerTimeout = listenerTimeout;
        }

        public Duration getHookTimeout() {
            return hookTimeout;
        }

        public void setHookTimeout(Duration hookTimeout) {
            this.hookTimeout = hookTimeout;
        }

        public Duration getTaskGracePeriod() {
            return taskGracePeriod;
        }

        public void setTaskGracePeriod(Duration taskGracePeriod) {
            this.taskGracePeriod = taskGracePeriod;
        }

        public ExitStatus getExitStatus() {
            return exitStatus;
        }

        public void setExitStatus(ExitStatus exitStatus) {
            this.exitStatus = exitStatus;
        }

        public RepeatPolicy getOnRepeat() {
            return onRepeat;
        }

        public void setOnRepeat(RepeatPolicy onRepeat) {
            this.onRepeat = onRepeat;
        }

        public Duration getRepeatWindow() {
            return repeatWindow;
        }

        public void setRepeatWindow(Duration repeatWindow) {
            this.repeatWindow = repeatWindow;
        }

        public Duration getHurriedHookTimeout() {
            return hurriedHookTimeout;
        }

        public void setHurriedHookTimeout(Duration hurriedHookTimeout) {
            this.hurriedHookTimeout = hurriedHookTimeout;
        }

        public List<String> getDrainDelaySignals() {
            return drainDelaySignals;
        }

        public void setDrainDelaySignals(List<String> drainDelaySignals) {
            this.drainDelaySignals = drainDelaySignals;
        }

        /** The drain-delay signals parsed; call after validation. */
        public Set<Signal> drainDelaySignals() {
            Set<Signal> parsed = new LinkedHashSet<>();
            for (String name : drainDelaySignals) {
                parsed.add(Signal.of(name));
            }
            return parsed;
        }

        public boolean isConcurrentHooks() {
            return concurrentHooks;
        }

        public void setConcurrentHooks(boolean concurrentHooks) {
            this.concurrentHooks = concurrentHooks;
        }

        public boolean isCloseContext() {
            return closeContext;
        }

        public void setCloseContext(boolean closeContext) {
            this.closeContext = closeContext;
        }
    }

    /** The long-lived streams (Server-Sent Events, streamed responses, WebSocket sessions) that stop-intake ends. */
    public static class Streams {

        /**
         * Whether stop-intake ends the open streams cleanly (SSE and streamed responses complete, WebSocket sessions
         * close with 1001 going away), after each StreamEndListener bean's last event, so the web server's drain is
         * not held until the deadline by streams that never end by themselves. Off, they stay open until the deadline
         * or the server's stop cuts them.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The systemd notify integration, active only when systemd set NOTIFY_SOCKET. */
    public static class Systemd {

        /**
         * Whether to tell systemd (through NOTIFY_SOCKET) when the application is ready, reloading and
         * stopping, and to send watchdog pings. Turn off when something else in the process already does.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
