package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

/** The hints a native image needs, checked with Spring's own predicates, and the registrar found as AOT finds it. */
class GracefulSignalsRuntimeHintsTest {

    private final RuntimeHints hints = new RuntimeHints();

    GracefulSignalsRuntimeHintsTest() {
        new GracefulSignalsRuntimeHints().registerHints(hints, getClass().getClassLoader());
    }

    @Test
    void aotFindsTheRegistrarInAotFactories() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
                .anyMatch(GracefulSignalsRuntimeHints.class::isInstance);
    }

    @Test
    void everyShippedNativeLibraryIsAResource() {
        for (String library : new String[] {"linux-x86-64/libgracefulsignals.so", "linux-aarch64/libgracefulsignals.so",
                "linux-x86-64-musl/libgracefulsignals.so", "com/sun/jna/linux-x86-64/libjnidispatch.so",
                "com/sun/jna/linux-aarch64/libjnidispatch.so"}) {
            assertThat(RuntimeHintsPredicates.resource().forResource(library)).as(library).accepts(hints);
        }
        // The library the loader finds in this build is one of them, under the same name.
        assertThat(getClass().getClassLoader().getResource("linux-x86-64/libgracefulsignals.so")).isNotNull();
    }

    @Test
    void theDirectMappedClassesAreOpenToJnaByReflectionAndJni() throws Exception {
        for (String name : new String[] {"dev.gracefulsignals.signal.NativeHandler", "dev.gracefulsignals.internal.LibC"}) {
            Class<?> type = Class.forName(name);
            assertThat(RuntimeHintsPredicates.reflection().onType(type).withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS))
                    .as(name).accepts(hints);
            assertThat(hints.jni().getTypeHint(TypeReference.of(type))).as(name + " for JNI RegisterNatives").isNotNull()
                    .satisfies(hint -> assertThat(hint.getMemberCategories()).contains(MemberCategory.INVOKE_DECLARED_METHODS));
        }
    }

    @Test
    void thePropertiesAndTheirNestedGroupsCanBeBound() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GracefulSignalsProperties.class, "setBackend")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GracefulSignalsProperties.Shutdown.class, "setTimeout"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(GracefulSignalsProperties.Systemd.class)).accepts(hints);
    }

    @Test
    void onSignalMethodsAreRegisteredForInvocationAsEventListenersAre() {
        RuntimeHints beanHints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(beanHints, StatusBean.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(StatusBean.class, "dump")).accepts(beanHints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(StatusBean.class, "unrelated")).rejects(beanHints);
    }

    static class StatusBean {

        @OnSignal("USR1")
        void dump(SignalEvent event) {
        }

        void unrelated() {
        }
    }
}
