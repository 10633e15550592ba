package dev.gracefulsignals.shutdown;

import dev.gracefulsignals.signal.ExitGuard;

/**
 * How the process ends: {@link System#exit}, {@link Runtime#halt} and the native {@code _exit(2)} in
 * production, a recorder in tests so a test JVM survives the shutdown it asserts on.
 */
public interface ProcessExit {

    /** Ends the process normally (JVM shutdown hooks run). Called on the shutdown thread, never on the dispatcher. */
    void exit(int status);

    /** Ends the process at once, without shutdown hooks: on a repeated signal. */
    void halt(int status);

    /**
     * Ends the process now, below the JVM, whose own exit may be stuck: at the deadline. The real thing is
     * {@code _exit(2)} through the native library ({@code Runtime.halt} where it cannot load); a recorder records a halt.
     */
    default void exitNow(int status) {
        halt(status);
    }

    /**
     * Whether this ends the real process. Only then does the shutdown arm the native exit guard and keep signal
     * handlers installed to the end; a test's recorder answers false, so its JVM lives on.
     */
    default boolean endsProcess() {
        return false;
    }

    /** The real thing. */
    static ProcessExit jvm() {
        return JvmExit.INSTANCE;
    }

    /** The JVM's own exit and halt. */
    enum JvmExit implements ProcessExit {
        INSTANCE;

        @Override
        public void exit(int status) {
            System.exit(status);
        }

        @Override
        public void halt(int status) {
            Runtime.getRuntime().halt(status);
        }

        @Override
        public void exitNow(int status) {
            ExitGuard.exitNow(status);
        }

        @Override
        public boolean endsProcess() {
            return true;
        }
    }
}
