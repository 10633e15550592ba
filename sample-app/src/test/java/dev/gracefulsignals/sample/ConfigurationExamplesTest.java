package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import dev.gracefulsignals.autoconfigure.GracefulSignalsProperties;
import dev.gracefulsignals.spring.SignalAction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

/** Each properties example the docs quote binds to the starter's properties without a validation error. */
class ConfigurationExamplesTest {

    private final Map<String, String> regions = Snippets.regions(
            Snippets.projectRoot().resolve("sample-app/src/test/resources/configuration-examples.properties"));

    @Test
    void everyExampleBindsAndValidates() throws IOException {
        assertThat(regions).containsKeys("signal-actions", "leave-to-jvm", "take-ignored", "jvm-backend", "kubernetes");
        for (Map.Entry<String, String> region : regions.entrySet()) {
            GracefulSignalsProperties properties = bind(region.getValue());
            Errors errors = new BeanPropertyBindingResult(properties, "graceful");
            properties.validate(properties, errors);
            assertThat(errors.getAllErrors()).as(region.getKey()).isEmpty();
        }
    }

    @Test
    void bracketsKeepThePlusOfARealTimeSignalName() throws IOException {
        assertThat(bind(regions.get("signal-actions")).getSignals())
                .containsEntry("rtmin+3", SignalAction.EVENT).containsEntry("winch", SignalAction.IGNORE);
        // What the docs warn about: without brackets the '+' is dropped from the key.
        assertThat(bind("graceful.signals.rtmin+3=event").getSignals()).doesNotContainKey("rtmin+3");
    }

    private static GracefulSignalsProperties bind(String region) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(region));
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("graceful", GracefulSignalsProperties.class);
    }
}
