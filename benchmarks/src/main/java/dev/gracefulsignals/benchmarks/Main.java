package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness: {@code java -jar graceful-signals-benchmarks.jar <command> [options]}. Each command
 * prints result lines of the form {@code <command> key=value ...} on standard output (the receiver
 * prints its own protocol); logs go to standard error.
 */
public final class Main {

    /** The commands, in the order the usage lists them. */
    private static final List<Command> COMMANDS = List.of(
            new ReceiverCommand(),
            new LatencyCommand(),
            new RoundsCommand(),
            new StormCommand(),
            new StartupCommand(),
            new ShutdownCommand(),
            new BootAppCommand(),
            new ThroughputCommand(),
            new FootprintCommand());

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        // Receivers never return; every other command ends the JVM with its code (no stray non-daemon threads keep it up).
        System.exit(code);
    }

    /** Runs one command; returns its exit code (2 for a usage error). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, Command> byName = new LinkedHashMap<>();
        COMMANDS.forEach(command -> byName.put(command.name(), command));
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            printUsage(err, byName);
            return args.length == 0 ? 2 : 0;
        }
        Command command = byName.get(args[0]);
        if (command == null) {
            err.println("Unknown command '" + args[0] + "'.");
            printUsage(err, byName);
            return 2;
        }
        try {
            return command.run(Options.parse(Arrays.asList(args).subList(1, args.length), command.flags()), out);
        } catch (IllegalArgumentException usageError) {
            err.println(command.name() + ": " + usageError.getMessage());
            err.println("usage: " + command.name() + " " + command.usage());
            return 2;
        }
    }

    private static void printUsage(PrintStream err, Map<String, Command> commands) {
        err.println("usage: java -jar graceful-signals-benchmarks.jar <command> [options]");
        commands.values().forEach(command -> err.println("  " + command.name() + " " + command.usage()));
    }
}
