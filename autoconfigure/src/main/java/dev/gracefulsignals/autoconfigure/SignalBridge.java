package dev.gracefulsignals.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.dispatch.SubscribeOptions;
import dev.gracefulsignals.dispatch.Subscription;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalAction;
import dev.gracefulsignals.spring.SignalEvent;
import dev.gracefulsignals.spring.SignalReloadEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Connects the core's signals to the application once the context is refreshed: shutdown signals go
 * straight from the dispatcher thread to {@link GracefulShutdown} (which only starts a thread), while
 * events, {@code @OnSignal} methods and reloads run on one events thread per signal
 * ("graceful-signals-events-USR1"), so a slow method holds up later deliveries of its own signal only,
 * user code never holds up a shutdown. Lets go of every signal when the context is destroyed.
 */
public class SignalBridge implements SmartInitializingSingleton, ApplicationListener<ContextRefreshedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SignalBridge.class);

    private final GracefulSignalsProperties properties;
    private final GracefulShutdown shutdown;
    private final ConfigurableApplicationContext context;
    private final List<ReloadObserver> reloadObservers;
    private final List<SignalDeliveryObserver> observers;
    /** One serial lane per signal: its deliveries stay in order, and a method stuck on one signal holds up no other. */
    private final List<SignalLane> lanes = new ArrayList<>();
    /** The @OnSignal methods of each signal, in order, resolved once at startup. */
    private volatile Map<Signal, List<OnSignalMethods.SignalMethod>> methodsBySignal = Map.of();
    private final ExecutorService async = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            asyncThreads());
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile Map<Signal, SignalAction> actions = Map.of();

    SignalBridge(GracefulSignalsProperties properties, GracefulShutdown shutdown, ConfigurableApplicationContext context,
                 List<SignalDeliveryObserver> observers, List<ReloadObserver> reloadObservers) {
        this.properties = properties;
        this.shutdown = shutdown;
        this.context = context;
        this.observers = List.copyOf(observers);
        this.reloadObservers = List.copyOf(reloadObservers);
    }

    /** Defaults (TERM, INT: shutdown; HUP: reload), then event for @OnSignal signals, then the configuration. */
    static Map<Signal, SignalAction> resolveActions(Map<Signal, SignalAction> configured, Set<Signal> methodSignals) {
        Map<Signal, SignalAction> actions = new LinkedHashMap<>();
        actions.put(Signal.TERM, SignalAction.SHUTDOWN);
        actions.put(Signal.INT, SignalAction.SHUTDOWN);
        actions.put(Signal.HUP, SignalAction.RELOAD);
        methodSignals.forEach(signal -> actions.putIfAbsent(signal, SignalAction.EVENT));
        actions.putAll(configured);
        return actions;
    }

    /** Finds and checks the @OnSignal methods and the actions once every singleton exists, so a mistake fails startup. */
    @Override
    public void afterSingletonsInstantiated() {
        OnSignalMethods methods = OnSignalMethods.scan(context.getBeanFactory(), properties.isAllowJobControl());
        Map<Signal, SignalAction> resolved = resolveActions(properties.parsedSignals(), methods.signals());
        for (Signal signal : methods.signals()) {
            SignalAction action = resolved.get(signal);
            if (action == SignalAction.IGNORE || action == SignalAction.NONE) {
                throw new IllegalStateException("@OnSignal methods " + methods.methodsFor(signal).stream()
                        .map(OnSignalMethods.SignalMethod::describe).collect(Collectors.joining(", ")) + " handle " + signal
                        + ", but graceful.signals." + signal.name().toLowerCase() + "=" + action.name().toLowerCase()
                        + " means it is never delivered. Remove that property or set it to event, reload or shutdown.");
            }
        }
        this.actions = Map.copyOf(resolved);
        Map<Signal, List<OnSignalMethods.SignalMethod>> bySignal = new java.util.HashMap<>();
        methods.signals().forEach(signal -> bySignal.put(signal, methods.methodsFor(signal)));
        this.methodsBySignal = Map.copyOf(bySignal);
    }

    /**
     * Takes the signals once the context is refreshed (web server started): a TERM during start-up
     * still goes to the JVM, whose shutdown hook closes the half-started context, rather than running
     * our sequence alongside the refresh.
     */
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        if (event.getApplicationContext() != context || !subscriptions.isEmpty()) {
            return;
        }
        Map<Signal, SignalAction> resolved = actions;
        SubscribeOptions options = SubscribeOptions.defaults()
                .backend(properties.getBackend())
                .forceOverIgnored(properties.isTakeIgnored())
                .allowJobControl(properties.isAllowJobControl());
        List<Signal> taken = signalsWith(resolved, SignalAction.SHUTDOWN, SignalAction.RELOAD, SignalAction.EVENT, SignalAction.IGNORE);
        List<Signal> shutdownSignals = signalsWith(resolved, SignalAction.SHUTDOWN);
        try {
            if (!shutdownSignals.isEmpty()) {
                subscriptions.add(Signals.subscribe(shutdownSignals, options, shutdown::onShutdownSignal));
            }
            for (Signal signal : taken) {
                SignalLane lane = new SignalLane(signal, this::deliver);
                lanes.add(lane);
                subscriptions.add(Signals.subscribe(List.of(signal), options, lane::offer));
            }
        } catch (RuntimeException failure) {
            destroy();
            throw failure;
        }
        log.info("Graceful Signals handles {} ({} backend: {})", resolved.entrySet().stream()
                .filter(entry -> entry.getValue() != SignalAction.NONE)
                .map(entry -> entry.getKey().name() + "=" + entry.getValue().name().toLowerCase())
                .collect(Collectors.joining(", ")),
                Signals.backend().map(backend -> backend.name().toLowerCase()).orElse("no"),
                Signals.backendReason().orElse("none"));
    }

    private static List<Signal> signalsWith(Map<Signal, SignalAction> actions, SignalAction... wanted) {
        Set<SignalAction> set = Set.of(wanted);
        return actions.entrySet().stream().filter(entry -> set.contains(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    /** On the signal's events thread: publish, call the methods, reload, log; then tell the observers. */
    private void deliver(SignalReceived received) {
        SignalAction action = actions.getOrDefault(received.signal(), SignalAction.EVENT);
        try {
            dispatch(received, action);
        } finally {
            for (SignalDeliveryObserver observer : observers) {
                try {
                    observer.delivered(received, action);
                } catch (RuntimeException failure) {
                    log.error("Signal delivery observer {} failed on {}; the others still run", observer, received.signal(), failure);
                }
            }
        }
    }

    private void dispatch(SignalReceived received, SignalAction action) {
        if (action == SignalAction.IGNORE) {
            log.debug("Ignored {}", received);
            return;
        }
        SignalEvent event = new SignalEvent(context, received, action);
        publish(event);
        for (OnSignalMethods.SignalMethod method : methodsBySignal.getOrDefault(received.signal(), List.of())) {
            if (method.async()) {
                async.execute(() -> invoke(method, event));
            } else {
                invoke(method, event);
            }
        }
        if (action == SignalAction.RELOAD) {
            if (shutdown.coordinator().state() == dev.gracefulsignals.shutdown.ShutdownCoordinator.State.RUNNING) {
                reload(received);
            } else {
                log.info("Not reloading on {}: the application is shutting down", received.signal());
            }
        }
        // After the application's own work: reading the sender's /proc/<pid>/comm costs tens of microseconds.
        if (log.isInfoEnabled()) {
            log.info("Received {} x{} from {}{}; action {}", received.signal(), received.count(), received.origin(),
                    received.origin().command().map(command -> " (" + command + ")").orElse(""), action.name().toLowerCase());
        }
    }

    private void reload(SignalReceived received) {
        reloadObservers.forEach(observer -> observe(() -> observer.reloadStarted(received)));
        Throwable failure = null;
        try {
            context.publishEvent(new SignalReloadEvent(context, received));
        } catch (RuntimeException thrown) {
            failure = thrown;
            log.error("Reload on {} failed; the application runs on with its previous state", received.signal(), thrown);
        }
        Throwable reloadFailure = failure;
        reloadObservers.forEach(observer -> observe(() -> observer.reloadFinished(received, reloadFailure)));
    }

    private static void observe(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException failure) {
            log.error("A reload observer failed; the reload goes on", failure);
        }
    }

    private void publish(SignalEvent event) {
        try {
            context.publishEvent(event);
        } catch (RuntimeException failure) {
            log.error("A listener of {} failed; the other methods still run", event, failure);
        }
    }

    private static void invoke(OnSignalMethods.SignalMethod method, SignalEvent event) {
        try {
            method.invoke(event);
        } catch (Throwable failure) {
            log.error("@OnSignal method {} failed on {}; the other methods still run", method.describe(), event.getSignal(), failure);
        }
    }

    /** The action of every signal considered, including those left to the JVM ({@code none}). */
    public Map<Signal, SignalAction> actions() {
        return actions;
    }

    @Override
    public void destroy() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        lanes.forEach(SignalLane::close);
        lanes.clear();
        async.shutdown();
    }

    /** Threads of {@code @OnSignal(async = true)} methods: "graceful-signals-async-1", ... */
    private static ThreadFactory asyncThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "graceful-signals-async-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
