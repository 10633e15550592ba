package dev.gracefulsignals.shutdown;

/** How a {@link ShutdownHook} ended. */
public enum HookOutcome {
    /** It returned. */
    SUCCESS,
    /** It threw. */
    FAILURE,
    /** It ran past its timeout and was interrupted and abandoned. */
    TIMEOUT;

    /** The lower-case tag value used in metrics and the report. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
