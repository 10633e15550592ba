package dev.gracefulsignals.stacks.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The exact count: every message produced was processed once by the first child, or delivered again afterwards. */
public final class MessageCount {

    private MessageCount() {
    }

    public static void assertExactlyOnceOrLeft(int produced, List<Integer> processed, List<Integer> deliveredAfter) {
        assertThat(processed).as("processed by the child, each once").doesNotHaveDuplicates();
        assertThat(deliveredAfter).as("delivered again afterwards, each once").doesNotHaveDuplicates();
        Set<Integer> both = new HashSet<>(processed);
        both.retainAll(new HashSet<>(deliveredAfter));
        assertThat(both).as("processed by the child and yet delivered again (its ack was lost)").isEmpty();
        Set<Integer> all = new HashSet<>(processed);
        all.addAll(deliveredAfter);
        Set<Integer> expected = IntStream.range(0, produced).boxed().collect(Collectors.toSet());
        Set<Integer> lost = new HashSet<>(expected);
        lost.removeAll(all);
        assertThat(lost).as("produced, never processed and not delivered again (lost)").isEmpty();
        assertThat(all).as("nothing that was not produced").isEqualTo(expected);
    }
}
