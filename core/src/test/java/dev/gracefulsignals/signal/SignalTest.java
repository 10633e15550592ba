package dev.gracefulsignals.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignalTest {

    @ParameterizedTest
    @CsvSource({"TERM,15", "SIGTERM,15", "term,15", "SigTerm,15", " 15 ,15", "HUP,1", "int,2", "USR1,10", "WINCH,28",
            "POLL,29", "RTMIN,34", "RTMIN+0,34", "SIGRTMIN+3,37", "rtmin+30,64", "RTMAX,64", "RTMAX-1,63", "SIGRTMAX-30,34"})
    void parsesNamesNumbersAndRealTimeSignals(String text, int number) {
        assertThat(Signal.of(text).number()).isEqualTo(number);
    }

    @Test
    void namesRealTimeSignalsAsKillDoes() {
        assertThat(Signal.of(37)).hasToString("SIGRTMIN+3");
        assertThat(Signal.of(50).name()).isEqualTo("RTMAX-14");
        assertThat(Signal.rtmin(3)).isSameAs(Signal.of("RTMIN+3"));
        assertThat(Signal.all()).hasSize(31 + 31).isSorted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TERMINATE", "SIG", "RTMIN-1", "RTMAX+1", "RTMIN+31", "RTMIN+x", "99999999999", "SIGFOO"})
    void rejectsWhatIsNoSignalNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Signal.of(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "not a Linux signal" : text)
                .hasMessageMatching("(?s).*(TERM|RTMIN\\+0).*");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 32, 33, 65})
    void rejectsNumbersNoSignalHas(int number) {
        assertThatThrownBy(() -> Signal.of(number)).hasMessageContaining("No Linux signal has the number " + number);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "KILL|kernel never lets", "STOP|kernel never lets", "SEGV|implicit null checks", "BUS|memory-mapped",
            "FPE|ArithmeticException", "ILL|crash", "TRAP|deoptimization", "USR2|suspend and resume", "QUIT|thread dumps",
            "PIPE|IOException", "XFSZ|file size limit", "CHLD|process reaper", "ABRT|abort()", "PROF|profilers",
            "VTALRM|profilers", "RTMAX-2|NIO"})
    void refusesSignalsTheKernelOrJvmNeedsWithTheReasonAndAnAlternative(String name, String reason) {
        Signal signal = Signal.of(name);
        assertThat(signal.policy()).isEqualTo(Signal.Policy.REFUSED);
        assertThatThrownBy(() -> signal.checkHandleable(true))
                .isInstanceOf(ForbiddenSignalException.class)
                .hasMessageStartingWith(signal + " cannot be handled: ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((ForbiddenSignalException) e).signal()).isSameAs(signal));
    }

    @Test
    void jobControlSignalsNeedAnOptIn() {
        for (String name : new String[] {"CONT", "TSTP", "TTIN", "TTOU"}) {
            Signal signal = Signal.of(name);
            assertThatThrownBy(() -> signal.checkHandleable(false)).hasMessageContaining("job-control").hasMessageContaining("opt in");
            assertThatCode(() -> signal.checkHandleable(true)).doesNotThrowAnyException();
        }
    }

    @Test
    void theSignalsServicesUseAreFree() {
        for (String name : new String[] {"HUP", "INT", "TERM", "USR1", "WINCH", "ALRM", "RTMIN", "RTMAX-1", "RTMAX"}) {
            assertThatCode(() -> Signal.of(name).checkHandleable(false)).as(name).doesNotThrowAnyException();
        }
    }
}
