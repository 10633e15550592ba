package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a shutdown did, logged as one structured line at its end, whatever the end:
 * <pre>
 * graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=2051 phases=refuse-traffic:0,drain-delay:2000,stop-intake:35,cancel-tasks:3,hooks:41,close-context:7 hooks=flushBuffer:success:40,deregister:success:1 tasks_cancelled=1 held=- exit=143 via=exit
 * </pre>
 *
 * @param trigger        what started it
 * @param outcome        how it ended
 * @param duration       from the trigger to the report
 * @param phases         the phases that ran, in order, with their durations
 * @param hooks          the hooks that ran, in order
 * @param tasksCancelled tasks interrupted or never started because of the shutdown
 * @param stillHeld      the work still held ({@link ShutdownToken#hold}) when the task grace period ran out
 * @param exitCode       the process's exit code, when Graceful Signals ends the process and knows it
 * @param via            how the process ends next, when it does
 */
public record ShutdownReport(ShutdownTrigger trigger, Outcome outcome, Duration duration, List<Phase> phases, List<Hook> hooks,
                             long tasksCancelled, List<String> stillHeld, @Nullable Integer exitCode, @Nullable Via via) {

    /**
     * How the process ends after the report. The report is written just before, so this is the way taken; if the
     * JVM's own exit then gets stuck, the native exit guard ends the process at the deadline and says so on stderr.
     */
    public enum Via {
        /** {@code System.exit}: the JVM's shutdown hooks run, bounded by the deadline. */
        EXIT("exit"),
        /** {@code Runtime.halt}: no hooks (a repeated signal halted it). */
        HALT("halt"),
        /** {@code _exit(2)} through the native library, below the JVM (the deadline passed). */
        NATIVE_EXIT("_exit");

        private final String tag;

        Via(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** How the sequence ended. */
    public enum Outcome {
        /** Every phase ran. */
        COMPLETED,
        /** The deadline ({@code graceful.shutdown.timeout}) passed: the process was halted (when it was exiting). */
        DEADLINE,
        /** A repeated shutdown signal halted the process. */
        FORCED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A phase and how long it took. */
    public record Phase(String name, Duration duration) {
    }

    /** A hook, how it ended and how long it took. */
    public record Hook(String name, HookOutcome outcome, Duration duration) {
    }

    public ShutdownReport {
        phases = List.copyOf(phases);
        hooks = List.copyOf(hooks);
        stillHeld = List.copyOf(stillHeld);
    }

    /** The single log line. Built by hand: it runs at the very end of a shutdown, often for the first time. */
    public String toLogLine() {
        StringBuilder line = new StringBuilder(160).append("graceful-shutdown trigger=").append(trigger.label())
                .append(" outcome=").append(outcome.tag())
                .append(" duration_ms=").append(duration.toMillis())
                .append(" phases=");
        if (phases.isEmpty()) {
            line.append('-');
        }
        for (int i = 0; i < phases.size(); i++) {
            line.append(i == 0 ? "" : ",").append(phases.get(i).name()).append(':').append(phases.get(i).duration().toMillis());
        }
        line.append(" hooks=");
        if (hooks.isEmpty()) {
            line.append('-');
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            line.append(i == 0 ? "" : ",").append(hook.name()).append(':').append(hook.outcome().tag()).append(':')
                    .append(hook.duration().toMillis());
        }
        line.append(" tasks_cancelled=").append(tasksCancelled).append(" held=");
        if (stillHeld.isEmpty()) {
            line.append('-');
        }
        for (int i = 0; i < stillHeld.size(); i++) {
            line.append(i == 0 ? "" : ",").append(stillHeld.get(i));
        }
        return line.append(" exit=").append(exitCode == null ? "-" : exitCode)
                .append(" via=").append(via == null ? "-" : via.tag()).toString();
    }

    /**
     * The report as named fields, for structured logging (Spring Boot's {@code logging.structured.format.*} writes
     * them as JSON fields): {@code graceful.trigger}, {@code graceful.outcome}, {@code graceful.duration_ms},
     * {@code graceful.phases} (phase to milliseconds, in order), {@code graceful.hooks} (hook to its
     * {@code outcome} and {@code ms}, in order), {@code graceful.tasks_cancelled}, {@code graceful.held} (a list)
     * {@code graceful.exit} and {@code graceful.via} (each absent when not known or when the process does not exit).
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("graceful.trigger", trigger.label());
        fields.put("graceful.outcome", outcome.tag());
        fields.put("graceful.duration_ms", duration.toMillis());
        Map<String, Long> phaseMillis = new LinkedHashMap<>();
        for (Phase phase : phases) {
            phaseMillis.put(phase.name(), phase.duration().toMillis());
        }
        fields.put("graceful.phases", phaseMillis);
        Map<String, Map<String, Object>> hookResults = new LinkedHashMap<>();
        for (Hook hook : hooks) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("outcome", hook.outcome().tag());
            result.put("ms", hook.duration().toMillis());
            hookResults.put(hook.name(), result);
        }
        fields.put("graceful.hooks", hookResults);
        fields.put("graceful.tasks_cancelled", tasksCancelled);
        fields.put("graceful.held", stillHeld);
        if (exitCode != null) {
            fields.put("graceful.exit", exitCode);
        }
        if (via != null) {
            fields.put("graceful.via", via.tag());
        }
        return fields;
    }

    @Override
    public String toString() {
        return toLogLine();
    }
}
