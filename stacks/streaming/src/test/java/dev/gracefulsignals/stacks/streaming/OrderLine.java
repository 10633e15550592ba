package dev.gracefulsignals.stacks.streaming;

import java.util.Arrays;
import java.util.List;

/** The steps a child app printed on its {@code order=} line, from its hook: what it consumed, when stop-intake ended, when the hook began. */
record OrderLine(String line, List<String> steps) {

    static OrderLine in(String output) {
        String line = output.lines().filter(printed -> printed.startsWith("order=")).findFirst()
                .orElseThrow(() -> new AssertionError("no order= line in:\n" + output));
        return new OrderLine(line, Arrays.asList(line.substring(6).split(",")));
    }

    int indexOf(String step) {
        return steps.indexOf(step);
    }

    /** The numbers of the steps named {@code prefix + number}, in the order they happened. */
    List<Long> numbered(String prefix) {
        return steps.stream().filter(step -> step.startsWith(prefix)).map(step -> Long.parseLong(step.substring(prefix.length()))).toList();
    }

    List<String> after(String step) {
        return steps.subList(indexOf(step), steps.size());
    }
}
