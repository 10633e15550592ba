package dev.gracefulsignals.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The flag the keep-alive filters read on every request: it follows readiness as Boot's availability bean records
 * it, through real application events in a real context.
 */
class RefusingTest {

    @Test
    void refusesBeforeTheFirstReadinessEventAsBootDoesThenFollowsEveryChange() {
        try (GenericApplicationContext context = context(false)) {
            Refusing refusing = context.getBean(Refusing.class);
            assertThat(refusing.now()).isTrue(); // Boot's availability bean answers REFUSING_TRAFFIC before ready
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(refusing.now()).isFalse();
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            assertThat(refusing.now()).isTrue();
        }
    }

    @Test
    void aRefusalPublishedInReactionToAcceptingIsTheLastWordLikeTheAvailabilityBeans() {
        // The starter's readiness guard does this during a shutdown: the nested refusal must win in both.
        try (GenericApplicationContext context = context(true)) {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(context.getBean(ApplicationAvailability.class).getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(context.getBean(Refusing.class).now()).isTrue();
        }
    }

    @Test
    void withoutAnAvailabilityBeanItNeverRefuses() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(Refusing.class, () -> new Refusing(null));
            context.refresh();
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            assertThat(context.getBean(Refusing.class).now()).isFalse();
        }
    }

    private static GenericApplicationContext context(boolean guard) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(ApplicationAvailabilityBean.class);
        if (guard) {
            context.registerBean("guard", RefuseAgain.class, () -> new RefuseAgain(context));
        }
        context.registerBean(Refusing.class, () -> new Refusing(context.getBean(ApplicationAvailability.class)));
        context.refresh();
        return context;
    }

    /** Like the starter's ReadinessGuard once a shutdown began: turns every ACCEPTING_TRAFFIC back into a refusal. */
    static final class RefuseAgain implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

        private final ApplicationContext context;

        RefuseAgain(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
            if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            }
        }
    }
}
