package dev.gracefulsignals.autoconfigure.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

/** Whether the application refuses traffic now (the drain delay of a shutdown, or the application's own refusal). */
final class Refusing {

    private final ObjectProvider<ApplicationAvailability> availability;

    Refusing(ObjectProvider<ApplicationAvailability> availability) {
        this.availability = availability;
    }

    boolean now() {
        ApplicationAvailability current = availability.getIfAvailable();
        return current != null && current.getReadinessState() == ReadinessState.REFUSING_TRAFFIC;
    }
}
