package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.SignalAction;
import org.junit.jupiter.api.Test;

/** The checks' messages name keys as the user writes them, whatever the JVM's default locale. */
class ConfigurationChecksTest {

    @Test
    void aKeyInAMessageIsTheSameUnderATurkishLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "INT".toLowerCase() would be "ınt" here
            assertThatThrownBy(() -> ConfigurationChecks.onSignalMethods(Map.of(Signal.INT, List.of("'handler' Handler.onInt")),
                    Map.of(Signal.INT, SignalAction.IGNORE)))
                    .isInstanceOf(GracefulSignalsConfigurationException.class)
                    .hasMessageContaining("graceful.signals.int=ignore means it is never delivered");
        } finally {
            Locale.setDefault(before);
        }
    }
}
