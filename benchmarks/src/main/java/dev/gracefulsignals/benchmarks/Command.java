package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.util.Set;

/** One harness command, {@code java -jar graceful-signals-benchmarks.jar <name> [options]}. */
interface Command {

    /** The word that selects it on the command line. */
    String name();

    /** The options that take no value. */
    default Set<String> flags() {
        return Set.of();
    }

    /** One line: the options it takes and what it prints. */
    String usage();

    /**
     * Runs the command, printing its result lines to {@code out}.
     *
     * @return the process exit code
     * @throws IllegalArgumentException when the options are wrong; the message names the fix
     */
    int run(Options options, PrintStream out) throws Exception;
}
