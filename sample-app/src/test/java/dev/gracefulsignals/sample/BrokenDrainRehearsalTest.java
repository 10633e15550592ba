package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.gracefulsignals.brokenapp.BrokenDrainApp;
import dev.gracefulsignals.test.RehearsalAssert;
import dev.gracefulsignals.test.RehearsalResult;
import dev.gracefulsignals.test.ShutdownRehearsal;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The rehearsal catches an application that drains badly: {@link BrokenDrainApp} has no drain delay and closes its
 * pool on TERM, under the requests still in flight. It exits 143 with a clean report line, as if all were well; the
 * rehearsal says which requests it lost, when and how. The sample, which drains, is rehearsed by SampleAppIT.
 */
class BrokenDrainRehearsalTest {

    @Test
    void aDeployOfTheBrokenAppLosesRequestsAndTheRehearsalSaysWhichAndWhen() throws Exception {
        RehearsalResult result = ShutdownRehearsal.mainClass(BrokenDrainApp.class).name("broken-drain-app")
                .shortRequest("/work?ms=10").slowRequest("/work?ms=1500", 3).clients(4)
                .throughProxy() // as behind a load balancer; SampleAppIT's rehearsal has the clients follow readiness themselves
                .run();

        AssertionError lost = catchThrowableOfType(AssertionError.class, () -> RehearsalAssert.assertThat(result).lostNoRequests());

        assertThat(lost).as(result.output()).isNotNull();
        System.out.println("The broken app's rehearsal fails with:\n" + lost.getMessage());
        // The requests in flight at TERM found the pool closed: 500s, told with their time and the phase they ended in.
        assertThat(lost.getMessage()).as(result.output())
                .containsPattern("\\d+ requests? failed (at|around|between) [\\d.]+ s( and [\\d.]+ s)? after TERM, during stop-intake: .*500 ×\\d+")
                .contains("graceful-shutdown trigger=SIGTERM outcome=completed");
        assertThat(result.failed()).extracting(RehearsalResult.Request::kind).contains(RehearsalResult.Kind.SLOW);
        // What it looks like from the inside: a clean exit, no deadline. Only the load shows the loss.
        RehearsalAssert.assertThat(result).exitedWith(143).reachedNoDeadline().hooksSucceeded();
        assertThat(result.phases()).extracting(RehearsalResult.Phase::name).doesNotContain("drain-delay");

        Document picture = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(result.picture().orElseThrow().toFile());
        Element svg = picture.getDocumentElement();
        assertThat(result.picture().orElseThrow()).isEqualTo(Path.of("target", "shutdown-rehearsal", "broken-drain-app.svg"));
        assertThat(svg.getAttribute("data-failed")).isEqualTo(Integer.toString(result.failed().size()));
        assertThat(svg.getAttribute("data-answered")).isEqualTo(Integer.toString(result.answered().size()));
        assertThat(attributes(picture, "phases", "rect", "data-phase"))
                .isEqualTo(result.phases().stream().map(RehearsalResult.Phase::name).toList()).contains("stop-intake", "hooks");
        assertThat(attributes(picture, "failures", "circle", "data-detail")).hasSize(result.failed().size()).contains("500");
        assertThat(Files.readString(result.picture().orElseThrow())).contains("broken-drain-app: " + result.answered().size() + " answered, "
                + result.failed().size() + " failed");
    }

    /** docs/testing.md's picture is the sample's rehearsal as SampleAppIT drew it: nothing lost, every phase on it. */
    @Test
    void theDocsPictureIsARehearsalOfTheSampleThatLostNothing() throws Exception {
        Path file = Snippets.projectRoot().resolve("docs/shutdown-rehearsal-sample.svg");
        Document picture = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());

        Element svg = picture.getDocumentElement();
        assertThat(svg.getAttribute("data-failed")).isEqualTo("0");
        assertThat(Integer.parseInt(svg.getAttribute("data-answered"))).isPositive();
        assertThat(svg.getAttribute("data-exit")).isEqualTo("143");
        assertThat(attributes(picture, "phases", "rect", "data-phase"))
                .containsExactly("refuse-traffic", "drain-delay", "stop-intake", "cancel-tasks", "hooks", "close-context");
        assertThat(attributes(picture, "readiness", "rect", "data-status")).startsWith("200").contains("503");
        assertThat(Files.readString(file)).contains("sample-app: " + svg.getAttribute("data-answered") + " answered, 0 failed");
    }

    /** The values of {@code attribute} on the {@code element}s of the group with this id. */
    static List<String> attributes(Document picture, String group, String element, String attribute) {
        NodeList groups = picture.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element candidate = (Element) groups.item(i);
            if (candidate.getAttribute("id").equals(group)) {
                List<String> values = new ArrayList<>();
                NodeList elements = candidate.getElementsByTagName(element);
                for (int j = 0; j < elements.getLength(); j++) {
                    values.add(((Element) elements.item(j)).getAttribute(attribute));
                }
                return values;
            }
        }
        throw new AssertionError("no group " + group + " in the picture");
    }
}
