package dev.gracefulsignals.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options: {@code --name value}, {@code -n value} and bare flags. Every option must be
 * read or declared by the command, so a misspelt one fails instead of being silently ignored.
 */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> unread = new LinkedHashSet<>();

    private Options() {
    }

    /**
     * Parses the arguments after the command name.
     *
     * @param flagNames the options that take no value
     */
    static Options parse(List<String> args, Set<String> flagNames) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "': options look like --name value");
            }
            if (flagNames.contains(arg)) {
                options.flags.add(arg);
            } else if (i + 1 < args.size()) {
                options.values.put(arg, args.get(++i));
            } else {
                throw new IllegalArgumentException("Option " + arg + " needs a value");
            }
            options.unread.add(arg);
        }
        return options;
    }

    String string(String name, String fallback) {
        unread.remove(name);
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        unread.remove(name);
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Option " + name + " is required");
        }
        return value;
    }

    int positiveInt(String name, int fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("Option " + name + " takes a whole number of 0 or more, not '" + text + "'");
    }

    boolean flag(String name) {
        unread.remove(name);
        return flags.contains(name);
    }

    /** Fails on any option the command did not read: call after reading them all. */
    void rejectUnknown(String usage) {
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s) " + unread + "; usage: " + usage);
        }
    }
}
