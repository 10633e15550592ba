package dev.gracefulsignals.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.shutdown.phase.AwaitHeldWork;
import dev.gracefulsignals.shutdown.phase.NamedHook;
import dev.gracefulsignals.shutdown.phase.RunHooks;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.signal.SignalReceived;
import org.junit.jupiter.api.Test;

/**
 * The sequence engine. Ending the process is recorded instead of done, because a real halt would end
 * the test JVM; the starter's child-JVM tests cover the real exit codes.
 */
class ShutdownCoordinatorTest {

    private final RecordedExit exit = new RecordedExit();
    private final ShutdownToken token = new ShutdownToken();
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final ShutdownObserver observer = new ShutdownObserver() {
        @Override
        public void phaseFinished(String phase, Duration duration) {
            observed.add("phase " + phase);
        }

        @Override
        public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
            observed.add("hook " + hook + " " + outcome.tag());
        }

        @Override
        public void finished(ShutdownReport report) {
            observed.add("report " + report.outcome().tag());
        }
    };

    private static final SignalReceived TERM = new SignalReceived(Signal.TERM, 1, SignalOrigin.fromSiginfo(0, 42, 1000), System.nanoTime());

    private ShutdownCoordinator coordinator(Duration timeout, ExitStatus exitStatus) {
        return new ShutdownCoordinator(timeout, new ShutdownCoordinator.Repeats(RepeatPolicy.HURRY, Duration.ZERO, Duration.ofSeconds(1)),
                exitStatus, exit, token, List.of(observer));
    }

    private ShutdownCoordinator coordinator(Duration timeout) {
        return new ShutdownCoordinator(timeout, true, exit, token, List.of(observer, new ShutdownObserver() {
            @Override
            public void phaseStarted(String phase) {
                throw new IllegalStateException("a broken observer must not stop the shutdown");
            }
        }));
    }

    @Test
    void runsOnceAndReportsPhasesAndHooksInOrderWhateverFails() {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        List<String> ran = new CopyOnWriteArrayList<>();
        assertThat(coordinator.begin(ShutdownTrigger.signal(TERM))).isTrue();
        assertThat(coordinator.begin(ShutdownTrigger.contextClose())).as("exactly once").isFalse();
        coordinator.runPhase("first", () -> ran.add("first"));
        coordinator.runPhase("broken", () -> {
            throw new IllegalStateException("phase failure for the test");
        });
        runHooks(coordinator, List.of(
                new NamedHook("throws", () -> {
                    throw new Exception("hook failure for the test");
                }),
                new NamedHook("hangs", () -> new CountDownLatch(1).await()),
                new NamedHook("after", () -> ran.add("after"))), Duration.ofMillis(200));
        ShutdownReport report = coordinator.complete(143);

        assertThat(ran).containsExactly("first", "after");
        assertThat(observed).containsExactly("phase first", "phase broken", "hook throws failure", "hook hangs timeout",
                "hook after success", "report completed");
        assertThat(report.toLogLine()).matches("graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=\\d+ "
                + "phases=first:\\d+,broken:\\d+ hooks=throws:failure:\\d+,hangs:timeout:\\d+,after:success:\\d+ tasks_cancelled=0 held=- exit=143 via=exit");
        assertThat(coordinator.state()).isEqualTo(ShutdownCoordinator.State.TERMINATED);
        assertThat(exit.halted).isNull();
    }

    @Test
    void theTokenIsRequestedWithTheTriggerAndRunsCallbacks() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        List<String> callbacks = new CopyOnWriteArrayList<>();
        token.onRequested(trigger -> callbacks.add("early " + trigger.label()));
        token.onRequested(trigger -> {
            throw new IllegalStateException("callback failure for the test");
        });
        assertThat(token.isRequested()).isFalse();
        assertThat(token.await(Duration.ofMillis(10))).isFalse();
        assertThat(token.asFuture().cancel(true)).isTrue();
        assertThat(token.isRequested()).as("cancelling a copy does not touch the token").isFalse();
        coordinator.begin(ShutdownTrigger.signal(TERM));
        coordinator.sequence().requestCancellation();
        token.onRequested(trigger -> callbacks.add("late " + trigger.label()));
        assertThat(callbacks).containsExactly("early SIGTERM", "late SIGTERM");
        assertThat(token.isRequested()).isTrue();
        assertThat(token.signal()).contains(Signal.TERM);
        assertThat(token.asFuture().get(1, TimeUnit.SECONDS).kind()).isEqualTo(ShutdownTrigger.Kind.SIGNAL);
    }

    @Test
    void pastTheDeadlineLogsTheStacksReportsAndHaltsWithTheSignalsCode() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(300));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        Thread stuck = new Thread(() -> coordinator.runPhase("stuck", () -> sleep(5_000)));
        stuck.start();
        assertThat(exit.await()).isEqualTo(143);
        assertThat(coordinator.report()).hasValueSatisfying(report -> {
            assertThat(report.outcome()).isEqualTo(ShutdownReport.Outcome.DEADLINE);
            assertThat(report.exitCode()).isEqualTo(143);
        });
        assertThat(observed).contains("report deadline");
        stuck.interrupt();
    }

    @Test
    void zeroWhenCleanGivesZeroOnlyToAnUnhurriedCompletionWhoseHooksAllSucceeded() {
        ShutdownCoordinator clean = coordinator(Duration.ofSeconds(30), ExitStatus.ZERO_WHEN_CLEAN);
        clean.begin(ShutdownTrigger.signal(TERM));
        runHooks(clean, List.of(new NamedHook("fine", () -> { })), Duration.ofSeconds(1));
        assertThat(clean.completedExitCode(Signal.TERM)).isZero();

        ShutdownCoordinator failedHook = coordinator(Duration.ofSeconds(30), ExitStatus.ZERO_WHEN_CLEAN);
        failedHook.begin(ShutdownTrigger.signal(TERM));
        runHooks(failedHook, List.of(new NamedHook("throws", () -> {
            throw new IllegalStateException("hook failure for the test");
        })), Duration.ofSeconds(1));
        assertThat(failedHook.completedExitCode(Signal.TERM)).isEqualTo(143);

        ShutdownCoordinator hurried = coordinator(Duration.ofSeconds(30), ExitStatus.ZERO_WHEN_CLEAN);
        hurried.begin(ShutdownTrigger.signal(TERM));
        hurried.repeatedSignal(TERM);
        assertThat(hurried.hurried()).isTrue();
        assertThat(hurried.completedExitCode(Signal.TERM)).isEqualTo(143);

        ShutdownCoordinator bySignal = coordinator(Duration.ofSeconds(30), ExitStatus.SIGNAL);
        bySignal.begin(ShutdownTrigger.signal(TERM));
        assertThat(bySignal.completedExitCode(Signal.TERM)).as("the default: 128 + the signal, clean or not").isEqualTo(143);
    }

    @Test
    void zeroWhenCleanEndsAShutdownPastItsDeadlineWith124() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(300), ExitStatus.ZERO_WHEN_CLEAN);
        coordinator.begin(ShutdownTrigger.signal(TERM));
        Thread stuck = new Thread(() -> coordinator.runPhase("stuck", () -> sleep(5_000)));
        stuck.start();
        assertThat(exit.await()).isEqualTo(ExitStatus.DID_NOT_COMPLETE);
        assertThat(coordinator.report().orElseThrow().toLogLine()).contains("outcome=deadline").endsWith(" exit=124 via=halt");
        stuck.interrupt();
    }

    @Test
    void theDeadlineStillBoundsTheJvmExitAfterTheSequenceCompleted() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(300));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        coordinator.runPhase("quick", () -> { });
        coordinator.complete(42);
        // Nothing ends this "process": as if a JVM shutdown hook of another library hung after System.exit.
        assertThat(exit.await()).as("halted with the sequence's own exit code").isEqualTo(42);
        assertThat(coordinator.report().orElseThrow().outcome()).isEqualTo(ShutdownReport.Outcome.COMPLETED);
    }

    @Test
    void whenTheExitReturnsNothingIsExitingAndTheDeadlineIsDisarmed() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(200));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        coordinator.exitProcess(143);
        assertThat(exit.exited).isEqualTo(143);
        Thread.sleep(500);
        assertThat(exit.halted).as("no halt after a test's recorded exit").isNull();
    }

    @Test
    void aRepeatedSignalAfterTheSequenceCompletedStillHaltsWhileTheProcessExits() {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        coordinator.complete(143);
        assertThat(coordinator.repeatedSignal(TERM)).isTrue();
        assertThat(exit.halted).isEqualTo(143);
    }

    @Test
    void observersAndTheStartLineComeOnTheSequencesThreadNotTheCallersOfBegin() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        ShutdownCoordinator coordinator = new ShutdownCoordinator(Duration.ofSeconds(30), true, exit, token, List.of(new ShutdownObserver() {
            @Override
            public void started(ShutdownTrigger trigger) {
                threads.add(Thread.currentThread().getName());
            }
        }));
        coordinator.begin(ShutdownTrigger.contextClose()); // on this thread, as the dispatcher would
        assertThat(threads).isEmpty();
        Thread sequence = new Thread(() -> coordinator.runPhase("first", () -> { }), "the-sequence");
        sequence.start();
        sequence.join();
        assertThat(threads).containsExactly("the-sequence");
    }

    @Test
    void aContextCloseThatOverrunsIsReportedButNotHalted() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(200));
        coordinator.begin(ShutdownTrigger.contextClose());
        coordinator.runPhase("slow", () -> sleep(600));
        assertThat(coordinator.report()).hasValueSatisfying(report -> assertThat(report.outcome()).isEqualTo(ShutdownReport.Outcome.DEADLINE));
        assertThat(exit.halted).isNull();
    }

    @Test
    void aRepeatedSignalHaltsAtOnceWithItsCode() {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        SignalReceived interrupt = new SignalReceived(Signal.INT, 1, SignalOrigin.fromSiginfo(0x80, 0, 0), System.nanoTime());
        assertThat(coordinator.repeatedSignal(interrupt)).as("not shutting down yet").isFalse();
        coordinator.begin(ShutdownTrigger.signal(interrupt));
        assertThat(coordinator.repeatedSignal(interrupt)).isTrue();
        assertThat(exit.halted).isEqualTo(130);
        assertThat(coordinator.report()).hasValueSatisfying(report -> assertThat(report.outcome()).isEqualTo(ShutdownReport.Outcome.FORCED));
    }

    private ShutdownCoordinator hurrying(Duration window) {
        return new ShutdownCoordinator(Duration.ofSeconds(30), new ShutdownCoordinator.Repeats(RepeatPolicy.HURRY, window,
                Duration.ofMillis(100)), exit, token, List.of(observer));
    }

    private static SignalReceived signal(Signal signal) {
        return new SignalReceived(signal, 1, SignalOrigin.fromSiginfo(0, 42, 1000), System.nanoTime());
    }

    @Test
    void aDuplicateInsideTheWindowIsMergedAndTheFirstRepeatHurriesAndTheNextHaltsWithTheStartingSignalsCode() throws Exception {
        ShutdownCoordinator coordinator = hurrying(Duration.ofMillis(300));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        assertThat(coordinator.repeatedSignal(signal(Signal.INT))).as("inside the window: a duplicate").isFalse();
        assertThat(coordinator.hurried()).isFalse();
        Thread.sleep(400);
        assertThat(coordinator.repeatedSignal(signal(Signal.INT))).as("the first repeat hurries").isFalse();
        assertThat(coordinator.hurried()).isTrue();
        assertThat(exit.halted).isNull();
        // Hurried: a long pause ends at once, and a hook that would hang gets the short budget.
        coordinator.sequence().pause(Duration.ofSeconds(20));
        runHooks(coordinator, List.of(new NamedHook("hangs", () -> new CountDownLatch(1).await()), new NamedHook("after", () -> { })),
                Duration.ofSeconds(20));
        assertThat(observed).containsExactly("hook hangs timeout", "hook after success");
        assertThat(coordinator.repeatedSignal(signal(Signal.INT))).as("inside the window after the repeat").isFalse();
        Thread.sleep(400);
        assertThat(coordinator.repeatedSignal(signal(Signal.INT))).as("a further repeat halts").isTrue();
        assertThat(exit.halted).as("the signal that started the shutdown decides the code").isEqualTo(143);
    }

    @Test
    void aSignalDuringAShutdownThatNoSignalStartedNeverHurriesOrHalts() throws Exception {
        ShutdownCoordinator coordinator = hurrying(Duration.ZERO);
        coordinator.begin(ShutdownTrigger.contextClose());
        for (int i = 0; i < 3; i++) {
            assertThat(coordinator.repeatedSignal(signal(Signal.TERM))).isFalse();
        }
        assertThat(coordinator.hurried()).isFalse();
        assertThat(exit.halted).isNull();
    }

    @Test
    void heldWorkDelaysTheSequenceUntilReleasedAndWhatOutlivesTheGraceIsReported() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        ShutdownToken.Held batch = token.hold("import-batch");
        ShutdownToken.Held stuck = token.hold("stuck");
        assertThat(token.heldCount()).isEqualTo(2);
        Thread releaser = new Thread(() -> {
            sleep(200);
            batch.close();
        });
        releaser.start();
        assertThat(AwaitHeldWork.await(coordinator.sequence(), Duration.ofSeconds(1))).isFalse();
        assertThat(batch.name()).isEqualTo("import-batch");
        assertThat(token.heldNames()).containsExactly("stuck");
        stuck.close();
        stuck.close(); // twice is harmless
        assertThat(AwaitHeldWork.await(coordinator.sequence(), Duration.ofSeconds(1))).isTrue();
        assertThat(coordinator.complete(143).toLogLine()).contains(" held=stuck exit=143");
    }

    @Test
    void withConcurrentHooksThoseOfEqualOrderRunTogetherEachUnderItsOwnTimeout() {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        coordinator.begin(ShutdownTrigger.signal(TERM));
        CountDownLatch both = new CountDownLatch(2);
        ShutdownHook meet = () -> {
            both.countDown();
            both.await(); // returns only if the other hook of its order runs at the same time
        };
        runHooks(coordinator, List.of(new NamedHook("a", 1, meet), new NamedHook("b", 1, meet), new NamedHook("c", 2, () -> { })),
                Duration.ofSeconds(5), true);
        assertThat(observed).containsExactly("hook a success", "hook b success", "hook c success");
    }

    @Test
    void theSequenceAndDeadlineThreadsExistBeforeTheSignal() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(500));
        coordinator.prepare();
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(coordinator.beginInBackground(ShutdownTrigger.signal(TERM), () -> {
            ranOn.add(Thread.currentThread());
            ran.countDown();
            sleep(5_000); // past the deadline
        })).isTrue();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(before).as("the sequence ran on a thread made before the signal").contains(ranOn.get(0));
        assertThat(exit.await()).isEqualTo(143);
        assertThat(before.stream().map(Thread::getName)).contains("graceful-shutdown-deadline");
        coordinator.dispose();
    }

    @Test
    void disposingAnUnusedCoordinatorLetsItsParkedThreadsGo() throws Exception {
        ShutdownCoordinator coordinator = coordinator(Duration.ofSeconds(30));
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        coordinator.prepare();
        List<Thread> parked = Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread)).toList();
        assertThat(parked).extracting(Thread::getName).contains("graceful-shutdown", "graceful-shutdown-deadline");
        coordinator.dispose();
        for (Thread thread : parked) {
            thread.join(5_000);
        }
        assertThat(parked).noneMatch(Thread::isAlive);
    }

    /** The hooks phase's work, run outside a phase as the sequence would run it. */
    private static void runHooks(ShutdownCoordinator coordinator, List<NamedHook> hooks, Duration timeout) {
        runHooks(coordinator, hooks, timeout, false);
    }

    private static void runHooks(ShutdownCoordinator coordinator, List<NamedHook> hooks, Duration timeout, boolean concurrent) {
        new RunHooks(new FixedHooks(hooks), timeout, concurrent).run(coordinator.sequence());
    }

    private record FixedHooks(List<NamedHook> ordered) implements RunHooks.Hooks {
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class RecordedExit implements ProcessExit {
        volatile Integer halted;
        private final CountDownLatch done = new CountDownLatch(1);

        volatile Integer exited;

        @Override
        public void exit(int status) {
            exited = status; // and returns, as a test's recorder does: nothing is exiting
        }

        @Override
        public void halt(int status) {
            halted = status;
            done.countDown();
        }

        int await() throws InterruptedException {
            assertThat(done.await(10, TimeUnit.SECONDS)).as("halted").isTrue();
            return halted;
        }
    }

    @Test
    void aCloseThatDoesNotEndTheProcessStopsWaitingForAHookAtTheDeadline() throws Exception {
        // Nothing halts a context close: only the deadline cap ends the wait for a hook whose own timeout is an hour.
        ShutdownCoordinator coordinator = coordinator(Duration.ofMillis(300));
        assertThat(coordinator.begin(ShutdownTrigger.contextClose())).isTrue();
        CountDownLatch never = new CountDownLatch(1);
        ShutdownHook stuck = new ShutdownHook() {
            @Override
            public void run() throws Exception {
                never.await();
            }

            @Override
            public java.util.Optional<Duration> timeout() {
                return java.util.Optional.of(Duration.ofHours(1));
            }
        };
        Thread sequence = new Thread(() -> runHooks(coordinator, List.of(new NamedHook("stuck", stuck)),
                Duration.ofHours(1)));
        sequence.start();
        sequence.join(Duration.ofSeconds(60).toMillis());
        assertThat(sequence.isAlive()).as("still waiting for the hook long after the deadline").isFalse();
        assertThat(observed).contains("hook stuck timeout");
        assertThat(exit.halted).as("a close does not end the process").isNull();
    }
}
