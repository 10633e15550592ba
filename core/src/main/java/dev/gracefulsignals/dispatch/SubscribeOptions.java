package dev.gracefulsignals.dispatch;

import java.util.Objects;
import java.util.concurrent.Executor;

import dev.gracefulsignals.signal.Backend;
import org.jspecify.annotations.Nullable;

/**
 * How a listener subscribes. Immutable; start from {@link #defaults()}:
 *
 * <pre>{@code
 * Signals.subscribe(List.of(Signal.HUP), SubscribeOptions.defaults().forceOverIgnored(true), signal -> reload());
 * }</pre>
 */
public final class SubscribeOptions {

    private static final SubscribeOptions DEFAULTS = new SubscribeOptions(false, false, Backend.AUTO, null);

    private final boolean forceOverIgnored;
    private final boolean allowJobControl;
    private final Backend backend;
    private final @Nullable Executor executor;

    private SubscribeOptions(boolean forceOverIgnored, boolean allowJobControl, Backend backend, @Nullable Executor executor) {
        this.forceOverIgnored = forceOverIgnored;
        this.allowJobControl = allowJobControl;
        this.backend = backend;
        this.executor = executor;
    }

    /** Respect inherited SIG_IGN, refuse job-control signals, any backend, deliver on the dispatcher thread. */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    /** Install even over a signal the process inherited as ignored (as {@code nohup} does for HUP). */
    public SubscribeOptions forceOverIgnored(boolean force) {
        return new SubscribeOptions(force, allowJobControl, backend, executor);
    }

    /** Allow CONT, TSTP, TTIN and TTOU, which change how a shell stops and resumes the process. */
    public SubscribeOptions allowJobControl(boolean allow) {
        return new SubscribeOptions(forceOverIgnored, allow, backend, executor);
    }

    /**
     * The backend this subscriber needs. {@link Backend#AUTO} accepts whichever runs; a specific one
     * starts it if none runs and fails if the other one already runs in this JVM.
     */
    public SubscribeOptions backend(Backend backend) {
        return new SubscribeOptions(forceOverIgnored, allowJobControl, Objects.requireNonNull(backend, "backend"), executor);
    }

    /** Deliver on this executor instead of a dispatcher thread (for example to run on virtual threads). */
    public SubscribeOptions executor(@Nullable Executor executor) {
        return new SubscribeOptions(forceOverIgnored, allowJobControl, backend, executor);
    }

    public boolean forceOverIgnored() {
        return forceOverIgnored;
    }

    public boolean allowJobControl() {
        return allowJobControl;
    }

    public Backend backend() {
        return backend;
    }

    public @Nullable Executor executor() {
        return executor;
    }
}
