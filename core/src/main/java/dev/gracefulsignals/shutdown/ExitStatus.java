package dev.gracefulsignals.shutdown;

import dev.gracefulsignals.signal.Signal;

/**
 * The status the process ends with after a shutdown signal, on every path (the sequence's exit, a halt, the
 * native exit at the deadline). A non-zero {@code ExitCodeGenerator} of the application still wins on completion.
 */
public enum ExitStatus {

    /** 128 + the signal's number whatever the outcome (143 for TERM, 130 for INT), as the JVM itself exits. */
    SIGNAL,

    /**
     * 0 when the sequence completed cleanly (not hurried, every hook succeeded, no work still held); 128 + the
     * signal's number when it completed otherwise; {@value #DID_NOT_COMPLETE} when it did not complete (a repeated
     * signal halted it, or the deadline passed). For Kubernetes Jobs and systemd units, which read any non-zero
     * status as a failure.
     */
    ZERO_WHEN_CLEAN;

    /**
     * The status of a shutdown that did not complete under {@link #ZERO_WHEN_CLEAN}: halted by a repeated signal or
     * at the deadline. 124, as {@code timeout(1)} reports a command it had to stop.
     */
    public static final int DID_NOT_COMPLETE = 124;

    /** The status of a sequence that completed: {@code clean} when unhurried, every hook succeeded and nothing is still held. */
    public int completed(Signal signal, boolean clean) {
        return this == ZERO_WHEN_CLEAN && clean ? 0 : ShutdownTrigger.exitCodeFor(signal);
    }

    /** The status of a sequence that did not complete: halted by a repeat, or past the deadline. */
    public int notCompleted(Signal signal) {
        return this == ZERO_WHEN_CLEAN ? DID_NOT_COMPLETE : ShutdownTrigger.exitCodeFor(signal);
    }
}
