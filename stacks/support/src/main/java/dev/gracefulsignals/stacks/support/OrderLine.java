package dev.gracefulsignals.stacks.support;

import java.util.Arrays;
import java.util.List;

/**
 * The steps a child app printed on its {@code order=} line ({@link ShutdownOrder}), from its hook: what it consumed
 * or processed, when stop-intake ended, when the hook began.
 */
public record OrderLine(String line, List<String> steps) {

    /** The first {@code order=} line in a child's output; an assertion error with the output when there is none. */
    public static OrderLine in(String output) {
        String line = output.lines().filter(printed -> printed.startsWith("order=")).findFirst()
                .orElseThrow(() -> new AssertionError("no order= line in:\n" + output));
        return new OrderLine(line, Arrays.asList(line.substring(6).split(",")));
    }

    public int indexOf(String step) {
        return steps.indexOf(step);
    }

    /** The numbers of the steps named {@code prefix + number}, in the order they happened. */
    public List<Long> numbered(String prefix) {
        return steps.stream().filter(step -> step.startsWith(prefix)).map(step -> Long.parseLong(step.substring(prefix.length()))).toList();
    }

    /** The steps from {@code step} on. */
    public List<String> after(String step) {
        return steps.subList(indexOf(step), steps.size());
    }
}
