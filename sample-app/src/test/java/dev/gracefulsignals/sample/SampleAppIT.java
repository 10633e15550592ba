package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulsignals.test.RehearsalAssert;
import dev.gracefulsignals.test.RehearsalResult;
import dev.gracefulsignals.test.ShutdownRehearsal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the repackaged jar as a child process, real HTTP, real signals, one child JVM per
 * scenario. No timing assertions but the deadline bound of the hanging-hook scenario; the other
 * durations are generous waits for slow machines.
 */
class SampleAppIT {

    private static final Pattern IN_FLIGHT = Pattern.compile("in_flight=(\\d+)");
    /** Long enough that 50 requests started one after another are all in flight together on a loaded machine. */
    private static final int WORK_MS = 10_000;
    /** Long enough to poll readiness, send a request and read the log while the drain delay lasts, on a loaded machine. */
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

    /**
     * A deploy rehearsed with the kit users get ({@link ShutdownRehearsal}): short and slow requests on kept-alive and new
     * connections, a real TERM, the load following readiness as a load balancer does. The slow request (3 s) is slower than
     * the drain delay (2 s), so that requests sent before or just after TERM are in flight at stop-intake. Nothing is
     * lost, the slow requests in flight when stop-intake begins are answered, and the hooks run after them. The picture
     * is docs/shutdown-rehearsal-sample.svg (copied from target/shutdown-rehearsal/sample-app.svg).
     */
    @Test
    void aRehearsedDeployUnderLoadLosesNoRequestDrainsTheSlowOnesRunsTheHooksInOrderAndExits143() throws Exception {
        // tag::rehearsal[]
        RehearsalResult result = ShutdownRehearsal.jar(SampleAppProcess.jar()).name("sample-app")
                .args("--sample.data-dir=" + dataDir, "--graceful.shutdown.drain-delay=2s")
                .shortRequest("/work?ms=20")
                .slowRequest("/work?ms=3000", 3) // three clients of their own, each one slow request after another
                .clients(4)
                .run();

        RehearsalAssert.assertThat(result).lostNoRequests().drainedAtLeast(1).exitedWith(143)
                .reachedNoDeadline().hooksSucceeded().finishedWithin(Duration.ofSeconds(30));
        // end::rehearsal[]
        assertThat(result.phases()).extracting(RehearsalResult.Phase::name)
                .containsSubsequence("refuse-traffic", "drain-delay", "stop-intake", "cancel-tasks", "hooks", "close-context");
        assertThat(result.readiness()).as("ready, then 503 from the drain delay on").extracting(RehearsalResult.ReadinessChange::status)
                .startsWith(200).contains(503);
        String output = result.output();
        // Stop intake, finish what was accepted, then clean up: the web server's drain is over before the first hook.
        assertThat(output.indexOf("Graceful shutdown: stop-intake")).as(output).isPositive()
                .isLessThan(output.indexOf("Graceful shutdown complete"));
        assertThat(output.indexOf("Graceful shutdown complete")).as(output).isLessThan(output.indexOf("hook 1/2 flushBuffer"));
        assertThat(output.indexOf("hook 1/2 flushBuffer")).as(output).isPositive()
                .isLessThan(output.indexOf("hook 2/2 deregister"));
        assertThat(output).contains("Long task stopped at a safe point");
        // Every answered request's event reached the file: as many /work lines as answers.
        assertThat(Files.readAllLines(dataDir.resolve("buffer.log"))).filteredOn(line -> line.matches(".* work \\d+ ms.*"))
                .hasSize(result.answered().size());
    }

    @Test
    void withADrainDelayReadinessRefusesTrafficAtOnceWhileRequestsAreStillServed() throws Exception {
        try (SampleAppProcess app = SampleAppProcess.start(dataDir, "--graceful.shutdown.drain-delay=" + DRAIN_DELAY.toSeconds() + "s")) {
            assertThat(app.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

            app.signal("TERM");

            HttpResponse<String> readiness = awaitStatus(app, "/actuator/health/readiness", 503);
            assertThat(readiness.body()).contains("OUT_OF_SERVICE");
            HttpResponse<String> work = app.get("/work?ms=0");
            assertThat(work.statusCode()).isEqualTo(200);
            assertThat(app.output()).as("served during the drain delay, before the tasks were cancelled")
                    .contains("Graceful shutdown: drain-delay").doesNotContain("Graceful shutdown: cancel-tasks");
            assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app.output()).isEqualTo(143);
            assertThat(app.output()).containsPattern("outcome=completed .*drain-delay:\\d+.* exit=143");
        }
    }

    /** The README's walkthrough, with the sample's own settings: TERM waits its 10 s drain delay, Ctrl+C (INT) does not. */
    @Test
    void withTheSamplesOwnSettingsTermWaitsTheDrainDelayAndIntDoesNot() throws Exception {
        try (SampleAppProcess app = SampleAppProcess.start(dataDir)) {
            CompletableFuture<HttpResponse<String>> inFlight = app.getAsync("/work?ms=" + WORK_MS);
            awaitInFlight(app, 1);

            app.signal("TERM");

            assertThat(awaitStatus(app, "/actuator/health/readiness", 503).body()).contains("OUT_OF_SERVICE");
            assertThat(app.get("/work?ms=0").statusCode()).as("still served during the drain delay").isEqualTo(200);
            assertThat(inFlight.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app.output()).isEqualTo(143);
            assertThat(app.output()).contains("Graceful shutdown: drain-delay")
                    .containsPattern("trigger=SIGTERM outcome=completed .*drain-delay:\\d{5,}.* exit=143"); // waited 10 s or more
            assertThat(app.output()).as("the sample's settings fit the deadline").doesNotContain("may not run");
        }
        try (SampleAppProcess app = SampleAppProcess.start(dataDir)) {
            app.signal("INT");

            assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app.output()).isEqualTo(130);
            assertThat(app.output()).doesNotContain("Graceful shutdown: drain-delay")
                    .containsPattern("trigger=SIGINT outcome=completed .* exit=130").doesNotContainPattern("phases=[^ ]*drain-delay");
        }
    }

    @Test
    void hupReloadsTheGreetingAndUsr1LogsTheStatusWhileTheProcessStaysUp() throws Exception {
        try (SampleAppProcess app = SampleAppProcess.start(dataDir)) {
            assertThat(app.get("/greeting").body()).contains(Greeting.DEFAULT);

            Files.writeString(dataDir.resolve("greeting.txt"), "Bonjour\n");
            app.signal("HUP");
            app.awaitLine("Reloaded the greeting");
            assertThat(app.get("/greeting").body()).isEqualTo("Bonjour\n");

            app.signal("USR1");
            String status = app.awaitLine("status (asked by pid " + ProcessHandle.current().pid());
            assertThat(status).contains("readiness=ACCEPTING_TRAFFIC", "greeting='Bonjour'", "shutdown=no");

            assertThat(app.isAlive()).isTrue();
            assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
            assertThat(app.get("/actuator/prometheus").body()).contains("jvm_threads_live_threads");
            // Native access comes from the jar's manifest alone (startJar passes no flag): JDK 24+ warns without it.
            assertThat(app.output()).contains("uses the native backend").doesNotContain("restricted method");
        }
    }

    @Test
    void aSecondTermDuringTheDrainHurriesButLosesNoAnsweredWork() throws Exception {
        try (SampleAppProcess app = SampleAppProcess.start(dataDir, "--graceful.shutdown.drain-delay=20s")) {
            for (int i = 0; i < 50; i++) {
                assertThat(app.get("/work?ms=0").statusCode()).isEqualTo(200);
            }
            app.signal("TERM");
            app.awaitLine("Graceful shutdown: drain-delay");
            Thread.sleep(1_300); // past the 1 s repeat window: a repeat, not a duplicate
            app.signal("TERM");

            assertThat(app.awaitExit(Duration.ofSeconds(30))).as(app.output()).isEqualTo(143);
            assertThat(app.output()).contains("SIGTERM again during the graceful shutdown (phase drain-delay): hurrying")
                    .contains("hook 1/2 flushBuffer").containsPattern("outcome=completed .* exit=143");
            // Every answered request's event reached the file: a repeat no longer cuts acknowledged work.
            assertThat(Files.readAllLines(dataDir.resolve("buffer.log"))).filteredOn(line -> line.contains("work 0 ms")).hasSize(50);
        }
    }

    @Test
    void aHookThatNeverReturnsIsHaltedAtTheDeadlineWithTheStacksLogged() throws Exception {
        Duration deadline = Duration.ofSeconds(3);
        // No drain delay: a 3 s deadline after the sample's 10 s drain delay is refused at startup.
        try (SampleAppProcess app = SampleAppProcess.start(dataDir, "--sample.hang-hook=true", "--graceful.shutdown.drain-delay=0s",
                "--graceful.shutdown.timeout=" + deadline.toSeconds() + "s", "--graceful.shutdown.hook-timeout=1m")) {
            app.signal("TERM");

            // No tight bound by the clock (a loaded machine stretches any): the hook's own timeout is 1 min, so an exit
            // within 45 s, reported as outcome=deadline, can only be the deadline's halt.
            assertThat(app.awaitExit(Duration.ofSeconds(45))).as(app.output()).isEqualTo(143);
            assertThat(app.output()).contains("hook 2/2 deregister", "hook 3/2 hangForever")
                    .contains("passed its deadline of 3000 ms in phase hooks")
                    .contains("\"graceful-shutdown-hook-hangForever\"").contains("java.util.concurrent.CountDownLatch.await(")
                    .containsPattern("outcome=deadline .* exit=143");
        }
    }

    /** Asks for the status dump until it shows this many /work requests in flight. */
    private static void awaitInFlight(SampleAppProcess app, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = -1;
        while (System.nanoTime() < deadline) {
            app.signal("USR1");
            Matcher matcher = IN_FLIGHT.matcher(app.awaitLine("status (asked by"));
            seen = matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
            if (seen == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(expected + " requests never were in flight together (last seen " + seen + "); output:\n" + app.output());
    }

    private static HttpResponse<String> awaitStatus(SampleAppProcess app, String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> response = app.get(path);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
            response = app.get(path);
        }
        assertThat(response.statusCode()).as(path + "; output:\n" + app.output()).isEqualTo(status);
        return response;
    }
}
