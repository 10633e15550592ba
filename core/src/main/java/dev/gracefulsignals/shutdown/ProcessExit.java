package dev.gracefulsignals.shutdown;

/**
 * How the process ends: {@link System#exit} and {@link Runtime#halt} in production, a recorder in
 * tests so a test JVM survives the shutdown it asserts on.
 */
public interface ProcessExit {

    /** Ends the process normally (JVM shutdown hooks run). Called on the shutdown thread, never on the dispatcher. */
    void exit(int status);

    /** Ends the process at once, without shutdown hooks: past the deadline, or on a repeated signal. */
    void halt(int status);

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
    }
}
