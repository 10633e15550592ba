package dev.gracefulsignals.autoconfigure.signals;

import java.util.Locale;
import java.util.Optional;

import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalAction;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The structured {@code Received ...} line of every delivery: the signal, its count, the sender (kind, pid, uid and
 * command when known) and the action, as key-value fields for structured logging and as the message for a plain
 * pattern. Logged under the bridge's logger name ({@link SignalBridge#LOGGER_NAME}).
 */
final class ReceivedLine {

    private ReceivedLine() {
    }

    /** Logs the received line of a delivery and its action, with the structured fields. */
    static void log(SignalReceived received, SignalAction action) {
        if (SignalBridge.log.isInfoEnabled()) {
            SignalOrigin origin = received.origin();
            Optional<String> command = origin.printableCommand();
            String actionName = action.name().toLowerCase(Locale.ROOT);
            // The fields are for structured logging (JSON formats write them); a plain pattern shows the message alone.
            LoggingEventBuilder line = SignalBridge.log.atInfo().addKeyValue("graceful.signal", received.signal().name())
                    .addKeyValue("graceful.count", received.count()).addKeyValue("graceful.action", actionName)
                    .addKeyValue("graceful.sender.kind", origin.kind().name().toLowerCase(Locale.ROOT));
            if (origin.kind() == SignalOrigin.Kind.PROCESS) {
                line = line.addKeyValue("graceful.sender.pid", origin.pid()).addKeyValue("graceful.sender.uid", origin.uid());
            }
            if (command.isPresent()) {
                line = line.addKeyValue("graceful.sender.command", command.get());
            }
            line.log("Received {} x{} from {}{}; action {}", received.signal(), received.count(), origin,
                    command.isPresent() ? " (" + command.get() + ")" : "", actionName);
        }
    }
}
