package dev.gracefulsignals.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link ShutdownRehearsal} saw: every request with its outcome and times, the readiness answers, the phases and
 * hooks of the application's report line, the exit code and how long TERM took to end the process. Every time is an
 * offset from the moment TERM was sent (negative before it). Check it with {@link RehearsalAssert#assertThat}.
 *
 * @param name      the rehearsal's name (the picture's file name)
 * @param requests  every request the load generator started, in the order they ended
 * @param readiness the readiness probe's answer each time it changed, from the first ready answer on
 * @param report    the application's {@code graceful-shutdown ...} report line, when it printed one
 * @param exitCode  the process's exit code, or -1 when it did not exit in time and was killed
 * @param termToExit from sending TERM to the process's end
 * @param output    everything the application printed (stderr merged)
 * @param picture   the timeline picture, when one was written
 */
public record RehearsalResult(String name, List<Request> requests, List<ReadinessChange> readiness, Optional<Report> report,
                              int exitCode, Duration termToExit, String output, Optional<Path> picture) {

    public RehearsalResult {
        requests = List.copyOf(requests);
        readiness = List.copyOf(readiness);
    }

    /** How a request ended. */
    public enum Outcome {
        /** A 2xx or 3xx response. */
        ANSWERED,
        /** Any other response, or a connection refused, reset or closed without a response, or a timeout. */
        FAILED,
        /**
         * Not sent to the application: the readiness follower had taken it out of rotation, so a load balancer would have
         * sent it to another instance. Neither answered nor lost.
         */
        REROUTED
    }

    /** A short request or a slow one (the load's two paths). */
    public enum Kind {
        SHORT, SLOW
    }

    /**
     * One request.
     *
     * @param kind      short or slow
     * @param keepAlive sent on a kept-alive connection (the JDK's HttpClient) rather than a new one that is closed after
     * @param start     when it was sent, from TERM
     * @param end       when it ended, from TERM
     * @param outcome   how it ended
     * @param detail    the status ({@code "200"}, {@code "503"}) or the failure ({@code "connection refused"},
     *                  {@code "connection reset"}, {@code "closed without a response"}, {@code "timeout"})
     */
    public record Request(Kind kind, boolean keepAlive, Duration start, Duration end, Outcome outcome, String detail) {
    }

    /** The readiness probe's answer from {@code at} on: an HTTP status, or 0 when nothing answered. */
    public record ReadinessChange(Duration at, int status) {

        public boolean ready() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * A phase of the shutdown and where it stands on the timeline: it starts when its "Graceful shutdown: name" log line
     * reached the rehearsal (the same clock, and much the same delay, as the responses), or, without that line, where the
     * phase before it ended (the first at TERM). Its duration is the one the report measured.
     */
    public record Phase(String name, Duration start, Duration duration) {

        public Duration end() {
            return start.plus(duration);
        }
    }

    /** A hook from the report: its name, how it ended ({@code success}, {@code failure}, {@code timeout}...) and how long it took. */
    public record Hook(String name, String outcome, Duration duration) {
    }

    /**
     * The report line, {@code graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=... phases=name:ms,...
     * hooks=name:outcome:ms,... ... exit=143}, parsed.
     */
    public record Report(String line, String trigger, String outcome, Duration duration, List<Phase> phases, List<Hook> hooks,
                         @Nullable Integer exit) {

        private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

        public Report {
            phases = List.copyOf(phases);
            hooks = List.copyOf(hooks);
        }

        /** The same report with each phase starting at its offset in {@code starts}, or else where the one before it ended. */
        Report withPhaseStarts(java.util.Map<String, Duration> starts) {
            List<Phase> placed = new ArrayList<>();
            Duration previousEnd = Duration.ZERO;
            for (Phase phase : phases) {
                Phase moved = new Phase(phase.name(), starts.getOrDefault(phase.name(), previousEnd), phase.duration());
                placed.add(moved);
                previousEnd = moved.end();
            }
            return new Report(line, trigger, outcome, duration, placed, hooks, exit);
        }

        /** Whether the shutdown passed its deadline ({@code outcome=deadline}). */
        public boolean deadlineReached() {
            return "deadline".equals(outcome);
        }

        /** Parses the first report line in {@code output}, if any. */
        static Optional<Report> find(String output) {
            int at = output.indexOf("graceful-shutdown trigger=");
            if (at < 0) {
                return Optional.empty();
            }
            int end = output.indexOf('\n', at);
            return Optional.of(parse(output.substring(at, end < 0 ? output.length() : end).strip()));
        }

        static Report parse(String line) {
            String trigger = "-";
            String outcome = "-";
            Duration duration = Duration.ZERO;
            List<Phase> phases = new ArrayList<>();
            List<Hook> hooks = new ArrayList<>();
            Integer exit = null;
            Matcher field = FIELD.matcher(line);
            while (field.find()) {
                String value = field.group(2);
                switch (field.group(1)) {
                    case "trigger" -> trigger = value;
                    case "outcome" -> outcome = value;
                    case "duration_ms" -> duration = Duration.ofMillis(Long.parseLong(value));
                    case "phases" -> {
                        Duration start = Duration.ZERO;
                        for (String phase : items(value)) {
                            int colon = phase.lastIndexOf(':');
                            Duration took = Duration.ofMillis(Long.parseLong(phase.substring(colon + 1)));
                            phases.add(new Phase(phase.substring(0, colon), start, took));
                            start = start.plus(took);
                        }
                    }
                    case "hooks" -> {
                        for (String hook : items(value)) {
                            String[] parts = hook.split(":");
                            hooks.add(new Hook(parts[0], parts[1], Duration.ofMillis(Long.parseLong(parts[2]))));
                        }
                    }
                    case "exit" -> exit = "-".equals(value) ? null : Integer.valueOf(value);
                    default -> {
                        // tasks_cancelled, held, via: not on the timeline
                    }
                }
            }
            return new Report(line, trigger, outcome, duration, phases, hooks, exit);
        }

        private static List<String> items(String value) {
            return "-".equals(value) ? List.of() : List.of(value.split(","));
        }
    }

    /** The requests the application answered. */
    public List<Request> answered() {
        return withOutcome(Outcome.ANSWERED);
    }

    /** The requests lost: sent to the application and not answered well. */
    public List<Request> failed() {
        return withOutcome(Outcome.FAILED);
    }

    /** The requests the readiness follower kept away from the application. */
    public List<Request> rerouted() {
        return withOutcome(Outcome.REROUTED);
    }

    private List<Request> withOutcome(Outcome outcome) {
        return requests.stream().filter(request -> request.outcome() == outcome).toList();
    }

    /** The phases from the report, placed from TERM; empty without a report. */
    public List<Phase> phases() {
        return report.map(Report::phases).orElse(List.of());
    }

    /** The phase running {@code at} this offset from TERM: "before TERM", a phase's name, or "after the report". */
    public String phaseAt(Duration at) {
        if (at.isNegative()) {
            return "before TERM";
        }
        // The last phase, in the sequence's order, begun by then: the log's arrival times can leave a gap or an overlap
        // between two phases, and a 0 ms phase starts with the next one.
        List<Phase> phases = phases();
        Phase running = null;
        for (Phase phase : phases) {
            if (phase.start().compareTo(at) <= 0) {
                running = phase;
            }
        }
        if (running == null) {
            return report.isPresent() ? "the start of the shutdown" : "the shutdown (no report line)";
        }
        return running == phases.get(phases.size() - 1) && at.compareTo(running.end()) > 0 ? "exit" : running.name();
    }

    /** Answered requests that were in flight when {@code phase} began: sent before it, answered after. */
    public List<Request> answeredAcross(String phase) {
        return phases().stream().filter(candidate -> candidate.name().equals(phase)).findFirst()
                .map(found -> answered().stream()
                        .filter(request -> request.start().compareTo(found.start()) < 0 && request.end().compareTo(found.start()) > 0)
                        .toList())
                .orElse(List.of());
    }

    /** Whether the shutdown passed its deadline, by the report or by the application's deadline warning. */
    public boolean deadlineReached() {
        return report.map(Report::deadlineReached).orElse(false) || output.contains("passed its deadline");
    }
}
