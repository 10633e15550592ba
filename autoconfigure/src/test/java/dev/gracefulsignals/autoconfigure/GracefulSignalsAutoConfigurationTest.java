package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalAction;
import dev.gracefulsignals.spring.SignalEvent;
import dev.gracefulsignals.test.RecordingProcessExit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Given this configuration, these beans, these signals taken, or this startup failure. */
class GracefulSignalsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
            // A real TERM would end the test JVM through System.exit: record the exit instead.
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new);

    @Test
    void byDefaultTakesTermAndIntForShutdownAndHupForReload() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(GracefulShutdown.class).hasSingleBean(ShutdownToken.class).hasSingleBean(SignalBridge.class);
            assertThat(context.getBean(SignalBridge.class).actions()).containsEntry(Signal.TERM, SignalAction.SHUTDOWN)
                    .containsEntry(Signal.INT, SignalAction.SHUTDOWN).containsEntry(Signal.HUP, SignalAction.RELOAD);
            assertThat(Signals.handled()).containsExactlyInAnyOrder(Signal.TERM, Signal.INT, Signal.HUP);
        });
        assertThat(Signals.handled()).as("closing the context gives the signals back to the JVM").isEmpty();
    }

    @Test
    void disabledTakesNothing() {
        runner.withPropertyValues("graceful.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(SignalBridge.class).doesNotHaveBean(GracefulShutdown.class);
            assertThat(Signals.handled()).isEmpty();
        });
    }

    @Test
    void stopsSpringBatchJobsOnlyWhereSpringBatchIsOnTheClassPath() {
        runner.run(context -> assertThat(context).hasBean("gracefulBatchIntake"));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.batch"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("gracefulBatchIntake"));
    }

    @Test
    void backsOffFromTheUsersOwnBeans() {
        ShutdownToken token = new ShutdownToken();
        runner.withBean("myToken", ShutdownToken.class, () -> token).run(context -> {
            assertThat(context).hasSingleBean(ShutdownToken.class).hasSingleBean(ProcessExit.class);
            assertThat(context.getBean(ShutdownToken.class)).isSameAs(token);
            assertThat(context.getBean(ProcessExit.class)).isInstanceOf(RecordingProcessExit.class);
        });
    }

    @Test
    void bindsActionsBackendAndDurations() {
        runner.withPropertyValues("graceful.signals.usr1=event", "graceful.signals.SIGHUP=none", "graceful.signals[rtmin+3]=ignore",
                "graceful.backend=native", "graceful.shutdown.drain-delay=2s", "graceful.shutdown.timeout=1m").run(context -> {
            GracefulSignalsProperties properties = context.getBean(GracefulSignalsProperties.class);
            assertThat(properties.getBackend()).isEqualTo(Backend.NATIVE);
            assertThat(properties.getShutdown().getDrainDelay()).hasSeconds(2);
            assertThat(properties.getShutdown().getTimeout()).hasMinutes(1);
            assertThat(context.getBean(SignalBridge.class).actions()).containsEntry(Signal.USR1, SignalAction.EVENT)
                    .containsEntry(Signal.HUP, SignalAction.NONE).containsEntry(Signal.rtmin(3), SignalAction.IGNORE);
            assertThat(Signals.handled()).containsExactlyInAnyOrder(Signal.TERM, Signal.INT, Signal.USR1, Signal.rtmin(3));
        });
    }

    @Test
    void aRefusedSignalFailsStartupNamingThePropertyAndTheReason() {
        runner.withPropertyValues("graceful.signals.kill=shutdown").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("graceful.signals.kill=shutdown")
                .hasMessageContaining("SIGKILL cannot be handled"));
    }

    @Test
    void anUnknownSignalFailsStartupNamingTheAcceptedForms() {
        runner.withPropertyValues("graceful.signals.terminate=shutdown").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("graceful.signals.terminate=shutdown").hasMessageContaining("'terminate' is not a Linux signal"));
    }

    @Test
    void anUnknownActionFailsStartupNamingTheProperty() {
        runner.withPropertyValues("graceful.signals.usr1=explode").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("graceful.signals.usr1").hasStackTraceContaining("SignalAction"));
    }

    @Test
    void negativeOrUnparsableDurationsFailStartupNamingTheProperty() {
        runner.withPropertyValues("graceful.shutdown.drain-delay=-1s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("shutdown.drainDelay").hasMessageContaining("must not be negative"));
        runner.withPropertyValues("graceful.shutdown.timeout=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("shutdown.timeout").hasMessageContaining("must be positive"));
        runner.withPropertyValues("graceful.shutdown.hook-timeout=soon").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("graceful.shutdown.hook-timeout"));
    }

    @Test
    void aJobControlSignalNeedsTheOptIn() {
        runner.withPropertyValues("graceful.signals.tstp=event").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("job-control"));
        runner.withPropertyValues("graceful.signals.tstp=event", "graceful.allow-job-control=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anOnSignalMethodWithABadSignatureFailsStartupNamingBeanMethodAndFix() {
        runner.withUserConfiguration(BadSignature.class).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("@OnSignal method " + BadSignature.class.getName() + ".dump of bean")
                .hasStackTraceContaining("takes (String)").hasStackTraceContaining("Declare it as dump() or dump(SignalEvent event)")
                .isInstanceOf(GracefulSignalsConfigurationException.class));
    }

    @Test
    void anOnSignalMethodOnARequestScopedBeanFailsStartupNamingScopeAndFix() {
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
                .withUserConfiguration(RequestScoped.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(GracefulSignalsConfigurationException.class)
                        .hasMessageContaining("of bean 'requestHandler'").hasMessageContaining("RequestHandler.dump")
                        .hasMessageContaining("scope 'request'").hasMessageContaining("Move the method to a singleton bean"));
    }

    @Test
    void anOnSignalMethodOnACustomScopedBeanFailsStartup() {
        runner.withInitializer(context -> context.getBeanFactory().registerScope("thread",
                        new org.springframework.context.support.SimpleThreadScope()))
                .withUserConfiguration(ThreadScoped.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(GracefulSignalsConfigurationException.class).hasMessageContaining("scope 'thread'"));
    }

    @Test
    void anOnSignalMethodOnAPrototypeBeanRunsOnANewBeanEachTime() {
        runner.withUserConfiguration(PrototypeScoped.class).run(context -> {
            assertThat(context).hasNotFailed();
            dev.gracefulsignals.test.TestSignals.send("RTMIN+13");
            assertThat(PrototypeHandler.calls.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            dev.gracefulsignals.test.TestSignals.send("RTMIN+13");
            assertThat(PrototypeHandler.calls.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            assertThat(PrototypeHandler.instances).hasSize(2);
        });
    }

    @Test
    void anOnSignalMethodForARefusedSignalFailsStartup() {
        runner.withUserConfiguration(RefusedSignal.class).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("names \"USR2\"").hasStackTraceContaining("SIGUSR2 cannot be handled"));
    }

    @Test
    void anOnSignalMethodForAnIgnoredSignalFailsStartup() {
        runner.withUserConfiguration(Usr1Method.class).withPropertyValues("graceful.signals.usr1=ignore")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("graceful.signals.usr1=ignore means it is never delivered"));
    }

    @Test
    void aSignalNamedOnlyByOnSignalMethodsGetsTheEventAction() {
        runner.withUserConfiguration(Usr1Method.class).run(context -> {
            assertThat(context.getBean(SignalBridge.class).actions()).containsEntry(Signal.USR1, SignalAction.EVENT);
            assertThat(Signals.handled()).contains(Signal.USR1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BadSignature {
        @OnSignal("USR1")
        void dump(String what) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RequestScoped {
        @Bean
        @org.springframework.web.context.annotation.RequestScope
        RequestHandler requestHandler() {
            return new RequestHandler();
        }
    }

    static class RequestHandler {
        @OnSignal("USR1")
        void dump() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadScoped {
        @Bean
        @org.springframework.context.annotation.Scope("thread")
        RequestHandler threadHandler() {
            return new RequestHandler();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeScoped {
        @Bean
        @org.springframework.context.annotation.Scope("prototype")
        PrototypeHandler prototypeHandler() {
            return new PrototypeHandler();
        }
    }

    static class PrototypeHandler {
        static final java.util.concurrent.BlockingQueue<Object> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        static final java.util.Set<Object> instances = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @OnSignal("RTMIN+13")
        void dump() {
            instances.add(this);
            calls.add(this);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RefusedSignal {
        @OnSignal("USR2")
        void dump() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Usr1Method {
        @OnSignal("USR1")
        void dump(SignalEvent event) {
        }

        @Bean
        String unrelated() {
            return "x";
        }
    }
}
