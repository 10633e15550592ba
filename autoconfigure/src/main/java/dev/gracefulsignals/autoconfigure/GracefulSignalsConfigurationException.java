package dev.gracefulsignals.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A startup error the application's configuration caused (a property, an {@code @OnSignal} method,
 * a backend that cannot run here). It carries what Spring Boot's failure report shows: a
 * description of the cause and the action that fixes it.
 */
public final class GracefulSignalsConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final String action;

    /**
     * @param description what is wrong, naming the property, bean or method
     * @param action      what to change to fix it
     */
    public GracefulSignalsConfigurationException(String description, String action) {
        this(description, action, null);
    }

    public GracefulSignalsConfigurationException(String description, String action, @Nullable Throwable cause) {
        super(description + " " + action, cause);
        this.description = description;
        this.action = action;
    }

    /** What is wrong. */
    public String description() {
        return description;
    }

    /** What to change. */
    public String action() {
        return action;
    }
}
