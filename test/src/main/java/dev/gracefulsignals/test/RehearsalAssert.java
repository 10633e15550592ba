package dev.gracefulsignals.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.gracefulsignals.test.RehearsalResult.Request;

/**
 * Assertions on a {@link RehearsalResult} that read like the promise, and fail with what was lost and when:
 *
 * <pre>{@code
 * assertThat(result).lostNoRequests().exitedWith(143).finishedWithin(Duration.ofSeconds(20));
 * }</pre>
 *
 * fails, for instance, with "3 requests failed between 10.2 s and 10.4 s after TERM, during stop-intake: connection
 * reset ×2, 503 ×1". Plain {@link AssertionError}s, so any test framework reports them; the application's output is
 * not in the message (it is in {@link RehearsalResult#output()}), the report line and the picture's path are.
 */
public final class RehearsalAssert {

    private final RehearsalResult result;

    private RehearsalAssert(RehearsalResult result) {
        this.result = result;
    }

    public static RehearsalAssert assertThat(RehearsalResult result) {
        return new RehearsalAssert(result);
    }

    /** No request sent to the application failed: every one was answered 2xx or 3xx, before and after TERM. */
    public RehearsalAssert lostNoRequests() {
        List<Request> failed = result.failed();
        if (!failed.isEmpty()) {
            fail(lost(failed));
        }
        return this;
    }

    /** At least {@code count} requests were answered after TERM was sent: the application kept serving while it drained. */
    public RehearsalAssert answeredAfterTerm(int count) {
        long after = result.answered().stream().filter(request -> !request.end().isNegative()).count();
        if (after < count) {
            fail("Expected at least " + count + " requests answered after TERM, but " + after + " were");
        }
        return this;
    }

    /**
     * At least {@code count} requests that were in flight when stop-intake began were answered: the server finished what
     * it had accepted. Without it, a load too light to overlap the stop would pass {@link #lostNoRequests()} for nothing.
     */
    public RehearsalAssert drainedAtLeast(int count) {
        if (result.phases().stream().noneMatch(phase -> phase.name().equals("stop-intake"))) {
            fail("Expected a stop-intake phase in the report, but there was " + (result.report().isEmpty() ? "no report line" : "none"));
        }
        int drained = result.answeredAcross("stop-intake").size();
        if (drained < count) {
            fail("Expected at least " + count + " requests in flight when stop-intake began to be answered, but " + drained
                    + " were: make the slow request slower than the drain delay, or send more of it");
        }
        return this;
    }

    /** The process exited with this code (143 for TERM: 128 + 15). */
    public RehearsalAssert exitedWith(int code) {
        if (result.exitCode() != code) {
            fail("Expected exit code " + code + ", but " + (result.exitCode() == -1 ? "the process did not exit and was killed"
                    : "it was " + result.exitCode()));
        }
        return this;
    }

    /** TERM to exit took at most {@code bound}: keep it generous, a loaded machine stretches every phase. */
    public RehearsalAssert finishedWithin(Duration bound) {
        if (result.termToExit().compareTo(bound) > 0) {
            fail("Expected the process to exit within " + seconds(bound) + " of TERM, but it took " + seconds(result.termToExit()));
        }
        return this;
    }

    /** The shutdown ended before its deadline ({@code graceful.shutdown.timeout}). */
    public RehearsalAssert reachedNoDeadline() {
        if (result.deadlineReached()) {
            fail("Expected the shutdown to end before its deadline, but it passed it");
        }
        return this;
    }

    /** The report line names this phase. */
    public RehearsalAssert ranPhase(String phase) {
        if (result.phases().stream().noneMatch(candidate -> candidate.name().equals(phase))) {
            fail("Expected phase " + phase + " in the report, but the phases were " + result.phases().stream()
                    .map(RehearsalResult.Phase::name).toList());
        }
        return this;
    }

    /** Every hook in the report ended with {@code success}. */
    public RehearsalAssert hooksSucceeded() {
        List<String> others = result.report().map(RehearsalResult.Report::hooks).orElse(List.of()).stream()
                .filter(hook -> !hook.outcome().equals("success")).map(hook -> hook.name() + ":" + hook.outcome()).toList();
        if (result.report().isEmpty() || !others.isEmpty()) {
            fail(result.report().isEmpty() ? "Expected the hooks to succeed, but there was no report line" : "Expected every hook to succeed, but " + others);
        }
        return this;
    }

    /**
     * The failures, one line per phase in which they ended: "3 requests failed between 10.2 s and 10.4 s after TERM,
     * during stop-intake: connection reset ×2, 503 ×1".
     */
    private String lost(List<Request> failed) {
        Map<String, List<Request>> byPhase = new LinkedHashMap<>();
        for (Request request : failed.stream().sorted(Comparator.comparing(Request::end)).toList()) {
            byPhase.computeIfAbsent(phaseOf(request), phase -> new ArrayList<>()).add(request);
        }
        StringBuilder message = new StringBuilder();
        byPhase.values().stream().sorted(Comparator.comparing(requests -> requests.get(0).end())).forEach(requests -> {
            String phase = phaseOf(requests.get(0));
            Duration first = requests.stream().map(Request::end).min(Duration::compareTo).orElseThrow();
            Duration last = requests.stream().map(Request::end).max(Duration::compareTo).orElseThrow();
            Map<String, Long> kinds = requests.stream().collect(Collectors.groupingBy(Request::detail, LinkedHashMap::new, Collectors.counting()));
            message.append(message.length() == 0 ? "" : "\n").append(requests.size()).append(requests.size() == 1 ? " request" : " requests")
                    .append(" failed ").append(offset(first).equals(offset(last)) ? (first.equals(last) ? "at " : "around ") + at(first)
                            : "between " + offset(first) + " and " + at(last))
                    .append(", during ").append(phase).append(": ")
                    .append(kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                            .map(kind -> kind.getKey() + " ×" + kind.getValue()).collect(Collectors.joining(", ")));
        });
        return message.toString();
    }

    private String phaseOf(Request request) {
        return result.phaseAt(request.end());
    }

    private void fail(String what) {
        throw new AssertionError(what + "\n" + summary());
    }

    private String summary() {
        return "Rehearsal " + result.name() + ": " + result.answered().size() + " answered, " + result.failed().size() + " failed, "
                + result.rerouted().size() + " rerouted; exit " + result.exitCode() + " " + seconds(result.termToExit()) + " after TERM"
                + result.report().map(report -> "\n" + report.line()).orElse("\n(no graceful-shutdown report line)")
                + result.picture().map(picture -> "\nTimeline: " + picture.toAbsolutePath()).orElse("");
    }

    private static String at(Duration offset) {
        return offset(offset) + (offset.isNegative() ? " before TERM" : " after TERM");
    }

    private static String offset(Duration offset) {
        return String.format(Locale.ROOT, "%.1f s", Math.abs(offset.toMillis()) / 1000.0);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
