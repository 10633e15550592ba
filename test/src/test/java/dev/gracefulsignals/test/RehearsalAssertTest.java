package dev.gracefulsignals.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.gracefulsignals.test.RehearsalResult.Kind;
import dev.gracefulsignals.test.RehearsalResult.Outcome;
import dev.gracefulsignals.test.RehearsalResult.ReadinessChange;
import dev.gracefulsignals.test.RehearsalResult.Report;
import dev.gracefulsignals.test.RehearsalResult.Request;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The result's reading of the report line, the assertion's messages and the picture's structure, on a result built by
 * hand: what the rehearsals against real applications (sample-app's SampleAppIT and BrokenDrainRehearsalTest) rely on.
 */
class RehearsalAssertTest {

    private static final String LINE = "graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=2140 "
            + "phases=refuse-traffic:0,drain-delay:2000,stop-intake:120,cancel-tasks:3,hooks:12,close-context:5 "
            + "hooks=flushBuffer:success:10,deregister:timeout:1 tasks_cancelled=0 held=- exit=143 via=exit";

    @Test
    void theReportLineGivesThePhasesPlacedFromTermAndTheHooks() {
        Report report = Report.parse(LINE);

        assertEquals("SIGTERM", report.trigger());
        assertEquals(143, report.exit());
        assertFalse(report.deadlineReached());
        assertEquals(List.of("refuse-traffic", "drain-delay", "stop-intake", "cancel-tasks", "hooks", "close-context"),
                report.phases().stream().map(RehearsalResult.Phase::name).toList());
        assertEquals(Duration.ofMillis(2000), report.phases().get(2).start(), "stop-intake begins after the drain delay");
        assertEquals("deregister", report.hooks().get(1).name());
        assertEquals("timeout", report.hooks().get(1).outcome());
        assertTrue(Report.parse("graceful-shutdown trigger=SIGTERM outcome=deadline duration_ms=3000 phases=- hooks=- exit=143").deadlineReached());
    }

    @Test
    void aPhaseStartsWhereItsLogLineArrivedAndAFailureIsToldInThePhaseBegunLast() {
        // The lines arrived late and unevenly, as on a loaded machine; hooks logged no line (it took the durations' place).
        Report placed = Report.parse(LINE).withPhaseStarts(java.util.Map.of("refuse-traffic", Duration.ofMillis(400),
                "drain-delay", Duration.ofMillis(400), "stop-intake", Duration.ofMillis(2_450), "cancel-tasks", Duration.ofMillis(2_580),
                "close-context", Duration.ofMillis(2_590)));
        RehearsalResult result = new RehearsalResult("demo", List.of(), List.of(), Optional.of(placed), 143, Duration.ofMillis(2_700),
                LINE, Optional.empty());

        assertEquals("before TERM", result.phaseAt(Duration.ofMillis(-1)));
        assertEquals("the start of the shutdown", result.phaseAt(Duration.ofMillis(100)), "TERM sent, no phase begun yet");
        assertEquals("drain-delay", result.phaseAt(Duration.ofMillis(2_420)), "past the drain delay's 2000 ms, before stop-intake's line");
        assertEquals("stop-intake", result.phaseAt(Duration.ofMillis(2_460)));
        assertEquals(Duration.ofMillis(2_583), placed.phases().get(4).start(), "no line for hooks: where cancel-tasks ended");
        assertEquals("close-context", result.phaseAt(Duration.ofMillis(2_592)));
        assertEquals("exit", result.phaseAt(Duration.ofMillis(2_600)), "after the last phase's end (2590 + 5 ms)");
    }

    @Test
    void lostRequestsAreToldByPhaseWithTheirTimesAndKinds() {
        List<Request> requests = new ArrayList<>(answered(40));
        requests.add(request(Outcome.FAILED, 2_010, "connection reset"));
        requests.add(request(Outcome.FAILED, 2_110, "503"));
        requests.add(request(Outcome.FAILED, 2_060, "connection reset"));
        requests.add(request(Outcome.FAILED, 300, "connection refused"));
        RehearsalResult result = result(requests);

        AssertionError lost = assertThrows(AssertionError.class, () -> RehearsalAssert.assertThat(result).lostNoRequests());

        String message = lost.getMessage();
        assertTrue(message.startsWith("1 request failed at 0.3 s after TERM, during drain-delay: connection refused ×1\n"
                + "3 requests failed between 2.0 s and 2.1 s after TERM, during stop-intake: connection reset ×2, 503 ×1\n"), message);
        assertTrue(message.contains("Rehearsal demo: 40 answered, 4 failed, 0 rerouted; exit 143 2.2 s after TERM"), message);
        assertTrue(message.contains(LINE), message);
    }

    @Test
    void aCleanRunPassesAndTheOtherPromisesSayWhatTheyExpected() {
        RehearsalResult result = result(answered(40));

        RehearsalAssert.assertThat(result).lostNoRequests().exitedWith(143).finishedWithin(Duration.ofSeconds(5))
                .reachedNoDeadline().ranPhase("drain-delay").answeredAfterTerm(1).drainedAtLeast(1);

        assertEquals("Expected exit code 130, but it was 143",
                firstLine(assertThrows(AssertionError.class, () -> RehearsalAssert.assertThat(result).exitedWith(130))));
        assertEquals("Expected the process to exit within 1.0 s of TERM, but it took 2.2 s",
                firstLine(assertThrows(AssertionError.class, () -> RehearsalAssert.assertThat(result).finishedWithin(Duration.ofSeconds(1)))));
        assertTrue(firstLine(assertThrows(AssertionError.class, () -> RehearsalAssert.assertThat(result).hooksSucceeded()))
                .contains("[deregister:timeout]"));
    }

    @Test
    void thePictureShowsTheCountsTheReadinessAndEveryPhase() throws Exception {
        List<Request> requests = new ArrayList<>(answered(40));
        requests.add(request(Outcome.FAILED, 2_050, "connection reset"));
        requests.add(new Request(Kind.SHORT, true, Duration.ofMillis(700), Duration.ofMillis(700), Outcome.REROUTED, "rerouted"));
        RehearsalResult result = result(requests);

        Document picture = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(TimelinePicture.svg(result).getBytes(StandardCharsets.UTF_8)));

        Element svg = picture.getDocumentElement();
        assertEquals("40", svg.getAttribute("data-answered"));
        assertEquals("1", svg.getAttribute("data-failed"));
        assertEquals("1", svg.getAttribute("data-rerouted"));
        assertEquals(41, sum(group(picture, "requests"), "answered") + sum(group(picture, "requests"), "failed"));
        assertEquals(1, group(picture, "failures").getElementsByTagName("circle").getLength());
        List<String> phases = new ArrayList<>();
        NodeList bars = group(picture, "phases").getElementsByTagName("rect");
        for (int i = 0; i < bars.getLength(); i++) {
            phases.add(((Element) bars.item(i)).getAttribute("data-phase"));
        }
        assertEquals(result.phases().stream().map(RehearsalResult.Phase::name).toList(), phases);
        NodeList readiness = group(picture, "readiness").getElementsByTagName("rect");
        assertEquals("200", ((Element) readiness.item(0)).getAttribute("data-status"));
        assertEquals("503", ((Element) readiness.item(1)).getAttribute("data-status"));
    }

    private static Element group(Document picture, String id) {
        NodeList groups = picture.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            if (id.equals(((Element) groups.item(i)).getAttribute("id"))) {
                return (Element) groups.item(i);
            }
        }
        throw new AssertionError("no group " + id);
    }

    private static int sum(Element group, String outcome) {
        int sum = 0;
        NodeList bars = group.getElementsByTagName("rect");
        for (int i = 0; i < bars.getLength(); i++) {
            Element bar = (Element) bars.item(i);
            sum += outcome.equals(bar.getAttribute("class")) ? Integer.parseInt(bar.getAttribute("data-count")) : 0;
        }
        return sum;
    }

    /** 40 answered requests from 1 s before TERM to 2.9 s after, slow ones across the start of stop-intake (2 s). */
    private static List<Request> answered(int count) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = -1_000 + i * 100L;
            requests.add(new Request(i % 4 == 0 ? Kind.SLOW : Kind.SHORT, i % 2 == 0, Duration.ofMillis(start),
                    Duration.ofMillis(start + (i % 4 == 0 ? 1_000 : 20)), Outcome.ANSWERED, "200"));
        }
        return requests;
    }

    private static Request request(Outcome outcome, long endMillis, String detail) {
        return new Request(Kind.SLOW, false, Duration.ofMillis(endMillis - 500), Duration.ofMillis(endMillis), outcome, detail);
    }

    private static RehearsalResult result(List<Request> requests) {
        return new RehearsalResult("demo", requests, List.of(new ReadinessChange(Duration.ofMillis(-1_500), 200),
                new ReadinessChange(Duration.ofMillis(200), 503), new ReadinessChange(Duration.ofMillis(2_150), 0)),
                Optional.of(Report.parse(LINE)), 143, Duration.ofMillis(2_200), LINE, Optional.empty());
    }

    private static String firstLine(AssertionError error) {
        return error.getMessage().lines().findFirst().orElse("");
    }
}
