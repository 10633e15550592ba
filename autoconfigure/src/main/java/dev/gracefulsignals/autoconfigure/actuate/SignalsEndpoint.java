package dev.gracefulsignals.autoconfigure.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.spring.SignalAction;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code signals} actuator endpoint, read-only: which backend captures signals and why, each
 * signal the application took with its action, count, last sender and whether our handler is still
 * the installed one, and the shutdown state. It never sends or changes a signal. Like every endpoint
 * but health, it is reachable over HTTP only once exposed
 * ({@code management.endpoints.web.exposure.include=signals}).
 *
 * <pre>
 * {"backend":"native","backendReason":"native library loaded",
 *  "signals":{"HUP":{"action":"reload","handlerInstalled":true,"leftIgnored":false,"total":2,
 *                    "lastOrigin":{"kind":"process","pid":4242,"uid":1000,"command":"kill"},
 *                    "lastReceivedAt":"2026-01-05T10:00:00.123Z"}, ...},
 *  "shutdown":{"state":"running","phase":null}}
 * </pre>
 */
@Endpoint(id = "signals")
public class SignalsEndpoint {

    private final SignalBridge bridge;
    private final GracefulShutdown shutdown;
    private final SignalActivity activity;

    public SignalsEndpoint(SignalBridge bridge, GracefulShutdown shutdown, SignalActivity activity) {
        this.bridge = bridge;
        this.shutdown = shutdown;
        this.activity = activity;
    }

    @ReadOperation
    public SignalsDescriptor signals() {
        Set<Signal> leftIgnored = Signals.leftIgnored();
        Map<Signal, String> undeliverable = Signals.undeliverable();
        Map<String, SignalDescriptor> signals = new LinkedHashMap<>();
        bridge.actions().forEach((signal, action) -> {
            if (action == SignalAction.NONE) {
                return;
            }
            SignalActivity.Seen seen = activity.of(signal).orElse(null);
            signals.put(signal.name(), new SignalDescriptor(lower(action), Signals.isHandlerInstalled(signal), leftIgnored.contains(signal),
                    seen == null ? 0 : seen.total(), seen == null ? null : OriginDescriptor.of(seen.lastOrigin()),
                    seen == null ? null : seen.lastAt(), undeliverable.get(signal)));
        });
        ShutdownCoordinator coordinator = shutdown.coordinator();
        return new SignalsDescriptor(Signals.backend().map(SignalsEndpoint::lower).orElse("none"), Signals.backendReason().orElse(null),
                signals, new ShutdownDescriptor(lower(coordinator.state()), coordinator.currentPhase().orElse(null)));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The endpoint's answer.
     *
     * @param backend       {@code native}, {@code jvm}, or {@code none} when nothing is captured
     * @param backendReason why that backend runs
     * @param signals       the signals the application took, by name, in the order of their actions
     * @param shutdown      the graceful shutdown's state
     */
    public record SignalsDescriptor(String backend, @Nullable String backendReason, Map<String, SignalDescriptor> signals,
                                    ShutdownDescriptor shutdown) {
    }

    /**
     * One signal.
     *
     * @param action           {@code shutdown}, {@code reload}, {@code event} or {@code ignore}
     * @param handlerInstalled whether our handler is still the installed action (false: evicted, or left ignored)
     * @param leftIgnored      whether it was left ignored because the process inherited SIG_IGN (nohup)
     * @param total            deliveries since startup, coalesced ones included
     * @param lastOrigin       who sent the last one, null before the first
     * @param lastReceivedAt   when the handler saw the last one, null before the first
     * @param undeliverable    why no thread can receive it (blocked in every thread's signal mask), null normally
     */
    public record SignalDescriptor(String action, boolean handlerInstalled, boolean leftIgnored, long total,
                                   @Nullable OriginDescriptor lastOrigin, @Nullable Instant lastReceivedAt,
                                   @Nullable String undeliverable) {
    }

    /**
     * A sender.
     *
     * @param kind    {@code process}, {@code kernel} (a terminal, a timer) or {@code unknown} (jvm backend)
     * @param pid     the sender's pid, for a process
     * @param uid     the sender's real uid, for a process
     * @param command the sender's command name from {@code /proc/<pid>/comm}, when it could be read
     */
    public record OriginDescriptor(String kind, @Nullable Integer pid, @Nullable Integer uid, @Nullable String command) {

        static OriginDescriptor of(SignalOrigin origin) {
            boolean process = origin.kind() == SignalOrigin.Kind.PROCESS;
            return new OriginDescriptor(lower(origin.kind()), process ? origin.pid() : null, process ? origin.uid() : null,
                    origin.command().orElse(null));
        }
    }

    /**
     * The graceful shutdown.
     *
     * @param state {@code running}, {@code shutting_down} or {@code terminated}
     * @param phase the phase running now, during a shutdown
     */
    public record ShutdownDescriptor(String state, @Nullable String phase) {
    }

    static List<String> names(Set<Signal> signals) {
        return signals.stream().sorted().map(Signal::name).toList();
    }
}
