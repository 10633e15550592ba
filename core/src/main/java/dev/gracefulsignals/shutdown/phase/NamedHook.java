package dev.gracefulsignals.shutdown.phase;

import dev.gracefulsignals.shutdown.ShutdownHook;

/**
 * A hook with the name it is reported under and its order; with concurrent hooks on, hooks of equal
 * order run at the same time.
 */
public record NamedHook(String name, int order, ShutdownHook hook) {

    /** A hook in a sequence where order does not group hooks. */
    public NamedHook(String name, ShutdownHook hook) {
        this(name, 0, hook);
    }
}
