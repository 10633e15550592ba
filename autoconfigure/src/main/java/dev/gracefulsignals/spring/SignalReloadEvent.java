package dev.gracefulsignals.spring;

import dev.gracefulsignals.signal.SignalReceived;

/**
 * The {@link SignalEvent} of a signal whose action is {@code reload} (HUP by default), published
 * once, after its {@code @OnSignal} methods: a {@code SignalEvent} listener sees it as that signal's
 * event, so it hears the signal once. Listen for it to re-read files or caches; with spring-cloud-context on the class path
 * the context is also refreshed ({@code ContextRefresher}: {@code @ConfigurationProperties} re-bound,
 * {@code @RefreshScope} beans re-created).
 */
public class SignalReloadEvent extends SignalEvent {

    private static final long serialVersionUID = 1L;

    public SignalReloadEvent(Object source, SignalReceived received) {
        super(source, received, SignalAction.RELOAD);
    }
}
