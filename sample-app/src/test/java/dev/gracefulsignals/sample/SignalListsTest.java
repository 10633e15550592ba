package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulsignals.signal.Signal;
import org.junit.jupiter.api.Test;

/**
 * The signal lists of the docs against {@code Signal.java}, the one source of which signal may be
 * handled: configuration.md's refused list (its first sentence) and design.md's policy table name exactly the signals
 * the code refuses, frees, or keeps behind the job-control opt-in.
 */
class SignalListsTest {

    private static final Pattern NAME = Pattern.compile("\\b(?:SIG)?[A-Z][A-Z0-9]+(?:[+-]\\d+)?\\b");

    private final Path root = Snippets.projectRoot();

    @Test
    void configurationNamesEveryRefusedSignalAndNothingElse() throws IOException {
        String page = Files.readString(root.resolve("docs/configuration.md"));
        int start = page.indexOf("Refused, with an error naming the reason:");
        assertThat(start).as("the refused list in configuration.md").isNotNegative();
        Matcher end = Pattern.compile("\\.\\s").matcher(page);
        assertThat(end.find(start)).isTrue();
        String sentence = page.substring(start, end.start());

        assertThat(signalsIn(sentence)).isEqualTo(withPolicy(Signal.Policy.REFUSED, false));
    }

    @Test
    void designTablesEachPolicyAsTheCodeDoes() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("docs/design.md"));
        int header = lines.indexOf("| signal | policy | reason given |");
        assertThat(header).as("the policy table in design.md").isNotNegative();
        Set<Signal> refused = new TreeSet<>();
        Set<Signal> jobControl = new TreeSet<>();
        Set<Signal> free = new TreeSet<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            String policy = cells[2].strip();
            Set<Signal> named = signalsIn(cells[1]);
            if (policy.equals("refused")) {
                refused.addAll(named);
            } else if (policy.startsWith("job control")) {
                jobControl.addAll(named);
            } else if (policy.equals("free")) {
                // Real-time signals are a range ("RTMIN to RTMAX, except RTMAX-2"); the refused table names the exception.
                named.removeIf(Signal::isRealTime);
                free.addAll(named);
            }
        }

        assertThat(refused).isEqualTo(withPolicy(Signal.Policy.REFUSED, false));
        assertThat(jobControl).isEqualTo(withPolicy(Signal.Policy.JOB_CONTROL, false));
        assertThat(free).isEqualTo(withPolicy(Signal.Policy.FREE, true));
    }

    /** Every word of the text that is a signal name ("SEGV", "SIGRTMAX-2", "IO"); other words are skipped. */
    private static Set<Signal> signalsIn(String text) {
        Set<Signal> signals = new TreeSet<>();
        Matcher name = NAME.matcher(text);
        while (name.find()) {
            parse(name.group()).ifPresent(signals::add);
        }
        return signals;
    }

    private static Optional<Signal> parse(String word) {
        try {
            return Optional.of(Signal.of(word));
        } catch (IllegalArgumentException notASignal) {
            return Optional.empty();
        }
    }

    private static Set<Signal> withPolicy(Signal.Policy policy, boolean standardOnly) {
        Set<Signal> signals = new TreeSet<>();
        for (Signal signal : Signal.all()) {
            if (signal.policy() == policy && !(standardOnly && signal.isRealTime())) {
                signals.add(signal);
            }
        }
        return signals;
    }
}
