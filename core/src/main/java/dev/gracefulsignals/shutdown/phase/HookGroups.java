package dev.gracefulsignals.shutdown.phase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hooks grouped as {@link RunHooks} runs them: each group after the previous one ends, the hooks of a group at
 * the same time. Without {@code concurrentEqualOrder} every hook is a group of its own; with it, neighbouring hooks
 * of equal order share one.
 */
public final class HookGroups {

    private HookGroups() {
    }

    public static List<List<NamedHook>> of(List<NamedHook> ordered, boolean concurrentEqualOrder) {
        List<List<NamedHook>> groups = new ArrayList<>();
        int i = 0;
        while (i < ordered.size()) {
            int end = i + 1;
            while (concurrentEqualOrder && end < ordered.size() && ordered.get(end).order() == ordered.get(i).order()) {
                end++;
            }
            groups.add(ordered.subList(i, end));
            i = end;
        }
        return groups;
    }

    /**
     * The hooks that would still run when {@code budget} is spent, if every hook used its whole timeout (its own, or
     * {@code defaultTimeout}): each group's worst case ends where the previous group's ended.
     */
    public static List<String> past(List<NamedHook> ordered, boolean concurrentEqualOrder, Duration defaultTimeout, Duration budget) {
        List<String> past = new ArrayList<>();
        Duration end = Duration.ZERO;
        for (List<NamedHook> group : of(ordered, concurrentEqualOrder)) {
            Duration longest = Duration.ZERO;
            for (NamedHook hook : group) {
                Duration limit = hook.hook().timeout().orElse(defaultTimeout);
                longest = limit.compareTo(longest) > 0 ? limit : longest;
            }
            end = end.plus(longest);
            if (end.compareTo(budget) > 0) {
                for (NamedHook hook : group) {
                    past.add(hook.name());
                }
            }
        }
        return past;
    }
}
