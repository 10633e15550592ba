package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownSequence;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code close-context}: the context closes; intake already stopped, so Boot's lifecycle stop finds nothing to wait for. */
final class CloseContext implements ShutdownPhase {

    private final ConfigurableApplicationContext context;

    CloseContext(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "close-context";
    }

    @Override
    public void run(ShutdownSequence sequence) {
        context.close();
    }
}
