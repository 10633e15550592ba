package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Our startup errors end in Spring Boot's "APPLICATION FAILED TO START" report, with a description
 * naming the cause and an action naming the fix, when a real application fails to start. The report
 * is read from the log, where Boot's failure analyzers (ours registered in spring.factories) print it.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

    @Test
    void aRefusedSignalInOnSignal(CapturedOutput output) {
        Report report = failToStart(output, UsesUsr2.class);

        assertThat(report.description()).contains("USR2").contains("HotSpot uses it");
        assertThat(report.action()).contains("USR1").contains("RTMIN+3");
    }

    @Test
    void anUnknownSignalInOnSignal(CapturedOutput output) {
        Report report = failToStart(output, UsesUsr9.class);

        assertThat(report.description()).contains("@OnSignal method").contains("names \"USR9\"").contains("'USR9' is not a Linux signal");
        assertThat(report.action()).contains("USR1").contains("RTMIN+3");
    }

    @Test
    void anOnSignalMethodWithParametersItCannotTake(CapturedOutput output) {
        Report report = failToStart(output, TakesAString.class);

        assertThat(report.description()).contains("@OnSignal method").contains("takes (String)");
        assertThat(report.action()).isEqualTo("Declare it as onUsr1() or onUsr1(SignalEvent event).");
    }

    @Test
    void anOnSignalMethodForASignalConfiguredToBeIgnored(CapturedOutput output) {
        Report report = failToStart(output, UsesUsr1.class, "--graceful.signals.usr1=ignore");

        assertThat(report.description()).contains("handle SIGUSR1").contains("graceful.signals.usr1=ignore means it is never delivered");
        assertThat(report.action()).contains("Remove graceful.signals.usr1");
    }

    @Test
    void aRefusedSignalInAProperty(CapturedOutput output) {
        Report report = failToStart(output, App.class, "--graceful.signals.usr2=event");

        assertThat(report.description()).contains("graceful.signals.usr2=event: SIGUSR2 cannot be handled: HotSpot uses it")
                .contains("use USR1 or a real-time signal instead");
    }

    @Test
    void anUnknownSignalInAProperty(CapturedOutput output) {
        Report report = failToStart(output, App.class, "--graceful.signals.usr9=event");

        assertThat(report.description()).contains("graceful.signals.usr9=event: 'usr9' is not a Linux signal");
    }

    @Test
    void aRealTimeSignalWithoutBrackets(CapturedOutput output) {
        Report report = failToStart(output, App.class, "--graceful.signals.rtmin+3=event");

        assertThat(report.description()).contains("graceful.signals.rtmin3=event is no signal: Spring Boot drops the '+' from a key"
                + " outside brackets, so graceful.signals.rtmin+3 arrives as 'rtmin3'. Write the key in brackets:"
                + " graceful.signals[rtmin+3]=event").doesNotContain("EVENT");
    }

    @Test
    void twoKeysForOneSignalNameBothKeysAndTheFix(CapturedOutput output) {
        Report report = failToStart(output, App.class, "--graceful.signals.term=shutdown", "--graceful.signals.sigterm=ignore");

        assertThat(report.description()).contains(
                "graceful.signals.sigterm=ignore and graceful.signals.term=shutdown both set the action of TERM;"
                        + " keep one of these keys and remove the other");
    }

    @Test
    void aConfigurationErrorWrappedInABeanCreationFailure(CapturedOutput output) {
        Report report = failToStart(output, ThrowsOurs.class);

        assertThat(report.description()).isEqualTo("The thing is wrong.");
        assertThat(report.action()).isEqualTo("Change the thing.");
    }

    @Test
    void aForcedNativeBackendThatCannotLoad(@TempDir Path dir) throws Exception {
        // A library that is not a shared object, found first on the class path: the native backend cannot load.
        Path corrupt = dir.resolve("linux-x86-64/libgracefulsignals.so");
        Files.createDirectories(corrupt.getParent());
        Files.writeString(corrupt, "not an ELF file");
        String classPath = dir + File.pathSeparator + System.getProperty("java.class.path");
        try (ChildJvm child = ChildJvm.startOnClassPath(classPath, ForcedNative.class, List.of(), "--graceful.backend=native")) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            Report report = Report.of(child.output());
            assertThat(report.description()).startsWith("graceful.backend=native asks for the native signal backend, but"
                    + " the native library did not load");
            assertThat(report.action()).contains("graceful.backend=auto").contains("graceful.backend=jvm");
        }
    }

    private static Report failToStart(CapturedOutput output, Class<?> source, String... args) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(source).web(WebApplicationType.NONE).run(args).close())
                .as("the application must fail to start").isInstanceOf(RuntimeException.class);
        return Report.of(output.getOut() + output.getErr());
    }

    /** The Description and Action sections of Boot's report, as printed. */
    record Report(String description, String action) {

        static Report of(String log) {
            int start = log.lastIndexOf("APPLICATION FAILED TO START");
            assertThat(start).as("Boot's failure report in:\n" + log).isNotNegative();
            String report = log.substring(start);
            int description = report.indexOf("Description:");
            int action = report.indexOf("Action:");
            assertThat(description).as("a Description in:\n" + report).isPositive();
            assertThat(action).as("an Action in:\n" + report).isGreaterThan(description);
            String afterAction = report.substring(action + "Action:".length()).strip();
            int end = afterAction.indexOf("\n\n");
            return new Report(report.substring(description + "Description:".length(), action).strip(),
                    (end < 0 ? afterAction : afterAction.substring(0, end)).strip());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GracefulSignalsAutoConfiguration.class)
    static class App {

        @Bean
        RecordingProcessExit processExit() {
            return new RecordingProcessExit();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UsesUsr2 extends App {

        @Bean
        Object usr2Listener() {
            return new Object() {
                @OnSignal("USR2")
                void onUsr2() {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UsesUsr9 extends App {

        @Bean
        Object usr9Listener() {
            return new Object() {
                @OnSignal("USR9")
                void onUsr9() {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TakesAString extends App {

        @Bean
        Object listener() {
            return new Object() {
                @OnSignal("USR1")
                void onUsr1(String text) {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UsesUsr1 extends App {

        @Bean
        Object listener() {
            return new Object() {
                @OnSignal("USR1")
                void onUsr1() {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThrowsOurs extends App {

        @Bean
        InitializingBean checksTheThing() {
            return () -> {
                throw new GracefulSignalsConfigurationException("The thing is wrong.", "Change the thing.");
            };
        }
    }

    /** A child JVM's application: the native backend forced, where it cannot load. */
    static class ForcedNative {
        public static void main(String[] args) {
            new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args);
        }
    }
}
