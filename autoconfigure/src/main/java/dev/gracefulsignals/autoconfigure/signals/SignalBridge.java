package dev.gracefulsignals.autoconfigure.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gracefulsignals.autoconfigure.ConfigurationChecks;
import dev.gracefulsignals.autoconfigure.GracefulSignalsProperties;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.shutdown.SignalListeners;
import dev.gracefulsignals.dispatch.SignalListener;
import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.dispatch.SubscribeOptions;
import dev.gracefulsignals.dispatch.Subscription;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
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
 * Connects the core's signals to the application once the context is refreshed. Shutdown signals go
 * from the dispatcher thread that woke straight to {@link GracefulShutdown} (which only starts the
 * sequence). Every taken signal also has its own subscription, run by the core on the thread that woke
 * as well: the {@code SignalEvent}, the {@code @OnSignal} methods and, for reload, the reload event. The
 * core keeps each subscription's deliveries in order and merges them while it is busy, so a slow method
 * holds up later deliveries of its own signal only, and user code never holds up a shutdown. A shutdown
 * signal's own subscription only logs and tells the observers: its event and methods belong to the
 * sequence, whose first step ({@link SignalListeners}) runs them once, bounded, before readiness changes.
 * Lets go of every signal when the context is destroyed.
 */
public final class SignalBridge implements SmartInitializingSingleton, ApplicationListener<ContextRefreshedEvent>, DisposableBean {

    /**
     * The name the bridge's lines (the summary, the received line) are logged under: the class's name before the starter's
     * packages were split, which log configurations and the docs name.
     */
    static final String LOGGER_NAME = "dev.gracefulsignals.autoconfigure.SignalBridge";
    static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    private final GracefulSignalsProperties properties;
    private final GracefulShutdown shutdown;
    private final SignalListeners signalListeners;
    private final ConfigurableApplicationContext context;
    private final SignalDeliveryObservers observers;
    private final SignalReload reload;
    private final SignalEventListeners eventListeners;
    /** The @OnSignal methods of each signal, in order, resolved once at startup. */
    private volatile Map<Signal, List<OnSignalMethods.SignalMethod>> methodsBySignal = Map.of();
    /** The lanes of each async method on the async threads, fed where the method stands among its signal's methods. */
    private volatile Map<OnSignalMethods.SignalMethod, SignalListener> asyncLanes = Map.of();
    private final AsyncSignalMethods async;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile Map<Signal, SignalAction> actions = Map.of();

    SignalBridge(GracefulSignalsProperties properties, GracefulShutdown shutdown, SignalListeners signalListeners,
                 ConfigurableApplicationContext context, List<SignalDeliveryObserver> observers, List<ReloadObserver> reloadObservers) {
        this.properties = properties;
        this.shutdown = shutdown;
        this.signalListeners = signalListeners;
        this.context = context;
        this.observers = new SignalDeliveryObservers(observers, reloadObservers);
        this.reload = new SignalReload(context, this.observers);
        this.eventListeners = new SignalEventListeners(context);
        this.async = new AsyncSignalMethods(properties.getAsyncThreads());
        // Binding JNA and loading the native library take tens of milliseconds: do it while the context starts.
        // Usually GracefulSignalsPreinitializer began it already and this returns at once; where the
        // preinitializer stood down (one CPU, its switch set, a context started without SpringApplication), it starts here.
        Signals.prepare(properties.getBackend());
    }

    /** Finds and checks the @OnSignal methods and the actions once every singleton exists, so a mistake fails startup. */
    @Override
    public void afterSingletonsInstantiated() {
        OnSignalMethods methods = OnSignalMethods.scan(context.getBeanFactory(), properties.isAllowJobControl());
        Map<Signal, SignalAction> resolved = SignalActions.resolve(properties.parsedSignals(), methods.signals());
        Map<Signal, List<String>> described = new java.util.HashMap<>();
        for (Signal signal : methods.signals()) {
            List<String> names = new ArrayList<>();
            for (OnSignalMethods.SignalMethod method : methods.methodsFor(signal)) {
                names.add(method.describe());
            }
            described.put(signal, names);
        }
        ConfigurationChecks.onSignalMethods(described, resolved);
        this.actions = Map.copyOf(resolved);
        Map<Signal, List<OnSignalMethods.SignalMethod>> bySignal = new java.util.HashMap<>();
        for (Signal signal : methods.signals()) {
            bySignal.put(signal, methods.methodsFor(signal));
        }
        this.methodsBySignal = Map.copyOf(bySignal);
        Map<OnSignalMethods.SignalMethod, Set<Signal>> asyncSignals = new java.util.HashMap<>();
        for (Map.Entry<Signal, List<OnSignalMethods.SignalMethod>> entry : bySignal.entrySet()) {
            for (OnSignalMethods.SignalMethod method : entry.getValue()) {
                if (method.async()) {
                    Set<Signal> signals = asyncSignals.get(method); // no computeIfAbsent: a lambda spun on the main thread
                    if (signals == null) {
                        signals = new java.util.HashSet<>();
                        asyncSignals.put(method, signals);
                    }
                    signals.add(entry.getKey());
                }
            }
        }
        Map<OnSignalMethods.SignalMethod, SignalListener> lanes = new java.util.HashMap<>();
        for (Map.Entry<OnSignalMethods.SignalMethod, Set<Signal>> entry : asyncSignals.entrySet()) {
            lanes.put(entry.getKey(), Signals.onExecutor(entry.getValue(), async.executor(), new AsyncMethod(this, entry.getKey())));
        }
        this.asyncLanes = Map.copyOf(lanes);
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
        // The beans and methods to call, now, so a delivery looks nothing up (lazy beans: on their first signal).
        // Loops rather than lambdas in this class's start-up path: each lambda is a class spun on the main thread.
        for (List<OnSignalMethods.SignalMethod> methods : methodsBySignal.values()) {
            for (OnSignalMethods.SignalMethod method : methods) {
                method.resolve();
            }
        }
        Map<Signal, SignalAction> resolved = actions;
        SubscribeOptions options = SubscribeOptions.defaults()
                .backend(properties.getBackend())
                .forceOverIgnored(properties.isTakeIgnored())
                .allowJobControl(properties.isAllowJobControl());
        List<Signal> taken = SignalActions.with(resolved, SignalAction.SHUTDOWN, SignalAction.RELOAD, SignalAction.EVENT, SignalAction.IGNORE);
        List<Signal> shutdownSignals = SignalActions.with(resolved, SignalAction.SHUTDOWN);
        try {
            if (!shutdownSignals.isEmpty()) {
                subscriptions.add(Signals.subscribe(shutdownSignals, options, shutdown::onShutdownSignal));
            }
            for (Signal signal : taken) {
                subscriptions.add(Signals.subscribe(List.of(signal), options, this::deliver));
            }
        } catch (RuntimeException failure) {
            destroy();
            throw failure;
        }
        SignalActions.logSummary(resolved);
        ShutdownSignalListeners listeners = new ShutdownSignalListeners(this);
        boolean anyListens = false;
        for (Signal signal : shutdownSignals) {
            anyListens |= listeners.listensFor(signal);
        }
        signalListeners.prepare(listeners, anyListens);
    }

    /** On the dispatcher thread that woke: publish, call the methods, reload, log; then tell the observers. */
    private void deliver(SignalReceived received) {
        SignalAction action = actions.getOrDefault(received.signal(), SignalAction.EVENT);
        try {
            dispatch(received, action);
        } finally {
            observers.delivered(received, action);
        }
    }

    private void dispatch(SignalReceived received, SignalAction action) {
        if (action == SignalAction.IGNORE) {
            log.debug("Ignored {}", received);
            return;
        }
        if (action == SignalAction.RELOAD) {
            // Before the reload's effects, so the log reads in the order things happened.
            ReceivedLine.log(received, action);
            boolean reloading = shutdown.coordinator().state() == ShutdownCoordinator.State.RUNNING;
            if (!reloading) {
                log.info("Not reloading on {}: the application is shutting down", received.signal());
            }
            // One event: a SignalReloadEvent is the signal's SignalEvent, so a SignalEvent listener sees the signal once.
            SignalEvent event = reloading ? new SignalReloadEvent(context, received) : new SignalEvent(context, received, action);
            callMethods(received, event);
            if (reloading) {
                reload.run(received, event);
            } else {
                publish(event);
            }
            return;
        }
        if (action == SignalAction.SHUTDOWN) {
            // Its event and methods run as the sequence's first step, once, for the signal that started it (SignalListeners):
            // here, beside the sequence, they would race refuse-traffic and could still run at close-context.
            ReceivedLine.log(received, action);
            return;
        }
        SignalEvent event = new SignalEvent(context, received, action);
        publish(event);
        callMethods(received, event);
        // After the application's own work: reading the sender's /proc/<pid>/comm costs tens of microseconds.
        ReceivedLine.log(received, action);
    }

    /** The listeners of a shutdown signal, as the sequence's {@code signal-listeners} step runs them. */
    private static final class ShutdownSignalListeners implements SignalListeners.Source {

        private final SignalBridge bridge;

        ShutdownSignalListeners(SignalBridge bridge) {
            this.bridge = bridge;
        }

        @Override
        public boolean listensFor(Signal signal) {
            return bridge.methodsBySignal.containsKey(signal) || bridge.eventListeners.any();
        }

        @Override
        public List<SignalListeners.Listener> listenersFor(SignalReceived received) {
            SignalEvent event = new SignalEvent(bridge.context, received, SignalAction.SHUTDOWN);
            List<OnSignalMethods.SignalMethod> methods = bridge.methodsBySignal.getOrDefault(received.signal(), List.of());
            List<SignalListeners.Listener> listeners = new ArrayList<>(methods.size() + 1);
            if (bridge.eventListeners.any()) {
                listeners.add(new Publication(bridge.context, event));
            }
            for (OnSignalMethods.SignalMethod method : methods) {
                listeners.add(new MethodCall(method, event));
            }
            return listeners;
        }

        @Override
        public boolean runAsync(Runnable task) {
            return bridge.async.runNow(task);
        }
    }

    /** The SignalEvent of a shutdown signal, to its listeners (a throwing listener ends the publication, as in Spring). */
    private static final class Publication implements SignalListeners.Listener {

        private final ConfigurableApplicationContext context;
        private final SignalEvent event;

        Publication(ConfigurableApplicationContext context, SignalEvent event) {
            this.context = context;
            this.event = event;
        }

        @Override
        public void run() {
            context.publishEvent(event);
        }

        @Override
        public boolean async() {
            return false;
        }

        @Override
        public String describe() {
            return "the SignalEvent listeners of " + event.getSignal();
        }
    }

    /** One @OnSignal method of a shutdown signal. */
    private static final class MethodCall implements SignalListeners.Listener {

        private final OnSignalMethods.SignalMethod method;
        private final SignalEvent event;

        MethodCall(OnSignalMethods.SignalMethod method, SignalEvent event) {
            this.method = method;
            this.event = event;
        }

        @Override
        public void run() throws Throwable {
            method.invoke(event);
        }

        @Override
        public boolean async() {
            return method.async();
        }

        @Override
        public String describe() {
            return "@OnSignal" + (method.async() ? "(async = true)" : "") + " method " + method.describe() + " on " + event.getSignal();
        }
    }

    private void callMethods(SignalReceived received, SignalEvent event) {
        for (OnSignalMethods.SignalMethod method : methodsBySignal.getOrDefault(received.signal(), List.of())) {
            if (method.async()) {
                asyncLanes.get(method).onSignal(received);
            } else {
                invoke(method, event);
            }
        }
    }

    private void publish(SignalEvent event) {
        if (!eventListeners.any()) {
            return;
        }
        try {
            context.publishEvent(event);
        } catch (RuntimeException failure) {
            log.error("A listener of {} failed; the other methods still run", event, failure);
        }
    }

    /** One async method on its lanes: each run calls it; a merge is logged once and told to the observers. */
    private static final class AsyncMethod implements SignalListener {

        private final SignalBridge bridge;
        private final OnSignalMethods.SignalMethod method;
        private volatile boolean merging;

        AsyncMethod(SignalBridge bridge, OnSignalMethods.SignalMethod method) {
            this.bridge = bridge;
            this.method = method;
        }

        @Override
        public void onSignal(SignalReceived received) {
            bridge.invokeAsync(method, received);
        }

        @Override
        public void merged(SignalReceived received) {
            if (!merging) {
                merging = true;
                log.warn("@OnSignal(async = true) method {} is still running when {} arrived again; further deliveries merge"
                        + " into its next run, counts added (logged once; counted in signals.async.merged)", method.describe(), received.signal());
            }
            bridge.observers.asyncMerged(received, method.describe());
        }

        @Override
        public String toString() {
            return "@OnSignal(async = true) method " + method.describe();
        }
    }

    /** On an async thread: a run of the method, with the deliveries merged while it waited. */
    private void invokeAsync(OnSignalMethods.SignalMethod method, SignalReceived received) {
        SignalAction action = actions.getOrDefault(received.signal(), SignalAction.EVENT);
        invoke(method, action == SignalAction.RELOAD ? new SignalReloadEvent(context, received) : new SignalEvent(context, received, action));
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
        for (Subscription subscription : subscriptions) { // a loop: no lambda to link on the way out
            subscription.close();
        }
        subscriptions.clear();
        async.close();
    }
}
