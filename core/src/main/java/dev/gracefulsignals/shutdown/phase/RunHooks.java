package dev.gracefulsignals.shutdown.phase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulsignals.shutdown.HookOutcome;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownSequence;
import dev.gracefulsignals.shutdown.ShutdownThreads;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hooks}: the {@link ShutdownHook}s by order, each on its own thread bounded by its timeout (or the default).
 * One that throws or times out is logged, a timed-out one is interrupted and abandoned, and the next runs. With
 * {@code concurrentEqualOrder}, hooks of equal order run at the same time, each under its own timeout (see
 * {@link HookGroups}). A hurrying repeat cuts each hook to the hurried budget; a hook stuck in {@code System.exit}
 * is not waited for.
 */
public final class RunHooks implements ShutdownPhase {

    /** The coordinator's logger: hook lines are part of the shutdown's story. */
    private static final Logger log = LoggerFactory.getLogger("dev.gracefulsignals.shutdown.ShutdownCoordinator");
    private static final long SLICE_MILLIS = 20;

    /** Where the hooks come from, in order, looked up when the phase runs. */
    @FunctionalInterface
    public interface Hooks {
        List<NamedHook> ordered();
    }

    private final Hooks hooks;
    private final Duration defaultTimeout;
    private final boolean concurrentEqualOrder;

    public RunHooks(Hooks hooks, Duration defaultTimeout, boolean concurrentEqualOrder) {
        this.hooks = hooks;
        this.defaultTimeout = defaultTimeout;
        this.concurrentEqualOrder = concurrentEqualOrder;
    }

    /** A phase for a fixed list of hooks, run one by one. */
    public RunHooks(List<NamedHook> hooks, Duration defaultTimeout) {
        this(new Fixed(hooks), defaultTimeout, false);
    }

    @Override
    public String name() {
        return "hooks";
    }

    @Override
    public void run(ShutdownSequence sequence) {
        for (List<NamedHook> group : HookGroups.of(hooks.ordered(), concurrentEqualOrder)) {
            runTogether(sequence, group);
        }
    }

    /** The hooks that may not run in {@code budget} if every hook used its whole timeout. */
    public List<String> hooksPast(Duration budget) {
        return HookGroups.past(hooks.ordered(), concurrentEqualOrder, defaultTimeout, budget);
    }

    private void runTogether(ShutdownSequence sequence, List<NamedHook> group) {
        List<RunningHook> running = new ArrayList<>(group.size());
        for (NamedHook named : group) {
            RunningHook hook = new RunningHook(sequence, named, named.hook().timeout().orElse(defaultTimeout));
            sequence.hookStarted(named.name());
            hook.start();
            running.add(hook);
        }
        for (RunningHook hook : running) {
            hook.await();
            hook.record();
        }
    }

    /** A fixed list of hooks (a named class: no lambda to link after the signal). */
    private static final class Fixed implements Hooks {

        private final List<NamedHook> hooks;

        Fixed(List<NamedHook> hooks) {
            this.hooks = List.copyOf(hooks);
        }

        @Override
        public List<NamedHook> ordered() {
            return hooks;
        }
    }

    /** One hook on its own thread (it is that thread's work), and how it ended. */
    private static final class RunningHook implements Runnable {
        private final ShutdownSequence sequence;
        private final NamedHook named;
        private final Duration limit;
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        private final Thread runner;
        private long startNanos;
        private @Nullable HookOutcome outcome;
        private Duration took = Duration.ZERO;

        RunningHook(ShutdownSequence sequence, NamedHook named, Duration limit) {
            this.sequence = sequence;
            this.named = named;
            this.limit = limit;
            this.runner = new Thread(this, "graceful-shutdown-hook-" + named.name());
            runner.setDaemon(true);
        }

        /** Runs the hook, keeping what it threw. */
        @Override
        public void run() {
            try {
                named.hook().run();
            } catch (Throwable thrown) {
                failure.set(thrown);
            }
        }

        void start() {
            startNanos = System.nanoTime();
            try {
                runner.start();
            } catch (OutOfMemoryError noThread) {
                // No thread can be made now (a pids limit, no memory): the hook still runs, here, bounded by the deadline only.
                log.warn("Could not start a thread for shutdown hook {} ({}); running it on the sequence thread", named.name(),
                        noThread.toString());
                run();
            }
        }

        /** Waits for the hook within its limit, the hurried budget and the deadline; a hook stuck in System.exit is not waited for. */
        void await() {
            try {
                while (runner.isAlive()) {
                    long now = System.nanoTime();
                    long end = sequence.hookEndNanos(startNanos, limit);
                    if (now - end >= 0 || (sequence.systemExitCalled() && ShutdownThreads.callsSystemExit(runner))) {
                        break;
                    }
                    runner.join(Math.max(1, Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(end - now))));
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            took = Duration.ofNanos(System.nanoTime() - startNanos);
            if (runner.isAlive() && sequence.systemExitCalled() && ShutdownThreads.callsSystemExit(runner)) {
                outcome = HookOutcome.SUCCESS;
                log.info("Shutdown hook {} called System.exit after {} ms; going on with the next hook", named.name(), took.toMillis());
            } else if (runner.isAlive()) {
                runner.interrupt();
                outcome = HookOutcome.TIMEOUT;
                log.error("Shutdown hook {} did not finish within {} ms{}; interrupted it and going on with the next hook",
                        named.name(), took.toMillis(), sequence.hurried() ? " (hurried by a repeated signal)" : "");
            } else if (failure.get() != null) {
                outcome = HookOutcome.FAILURE;
                log.error("Shutdown hook {} failed; going on with the next hook", named.name(), failure.get());
            } else {
                outcome = HookOutcome.SUCCESS;
                log.info("Shutdown hook {} done in {} ms", named.name(), took.toMillis());
            }
        }

        void record() {
            sequence.hookFinished(named.name(), Objects.requireNonNull(outcome), took);
        }
    }
}
