package dev.gracefulsignals.dispatch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;

/**
 * A child JVM for faults that would wreck the test JVM. Modes (first argument):
 * <ul>
 * <li>{@code exit-in-listener}: a USR1 listener calls System.exit(3) while a JVM shutdown hook closes the subscription;</li>
 * <li>{@code broken-pipe}: takes TERM and USR1; "break" on stdin closes the pipe's write end under the dispatcher,
 * "resubscribe" then subscribes again on the native backend, "release" lets go;</li>
 * <li>{@code ignored-hup <backend> <force>}: subscribes HUP in a process that inherited it as ignored, and WINCH;</li>
 * <li>{@code auto-backend}: subscribes USR1 with the backend chosen automatically.</li>
 * </ul>
 */
public final class FaultChild {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "exit-in-listener" -> {
                Subscription subscription = Signals.subscribe(signal -> System.exit(3), Signal.USR1);
                Runtime.getRuntime().addShutdownHook(new Thread(subscription::close));
                System.out.println("ready");
            }
            case "broken-pipe" -> {
                Signals.subscribe(signal -> System.out.println("got " + signal.signal()), Signal.TERM, Signal.USR1);
                System.out.println("ready");
                BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
                Subscription again = null;
                for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
                    if (line.equals("break")) {
                        Object capture = Dispatcher.capture();
                        // As a library that closes every file descriptor it did not open would.
                        Method writeFd = capture.getClass().getDeclaredMethod("writeFd");
                        writeFd.setAccessible(true);
                        LibC.close((Integer) writeFd.invoke(capture));
                        System.out.println("broken");
                    } else if (line.equals("resubscribe")) {
                        // After giving up, the native backend must be usable again (nothing left attached).
                        again = Signals.subscribe(List.of(Signal.USR1), SubscribeOptions.defaults().backend(Backend.NATIVE),
                                signal -> System.out.println("got " + signal.signal()));
                        System.out.println("resubscribed backend=" + Signals.backend().orElseThrow());
                    } else if (line.equals("release") && again != null) {
                        again.close();
                        System.out.println("released");
                    }
                }
            }
            case "ignored-hup" -> {
                Backend backend = Backend.valueOf(args[1]);
                boolean force = Boolean.parseBoolean(args[2]);
                Subscription subscription = Signals.subscribe(List.of(Signal.HUP),
                        SubscribeOptions.defaults().backend(backend).forceOverIgnored(force),
                        signal -> System.out.println("got " + signal.signal()));
                // WINCH (default action: nothing) lets the test see a later delivery arrive.
                Signals.subscribe(List.of(Signal.WINCH), SubscribeOptions.defaults().backend(backend),
                        signal -> System.out.println("got " + signal.signal()));
                System.out.println("ready leftIgnored=" + subscription.leftIgnored());
            }
            case "auto-backend" -> {
                Signals.subscribe(signal -> System.out.println("got " + signal.signal()), Signal.USR1);
                System.out.println("ready backend=" + Signals.backend().orElseThrow());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        Thread.sleep(60_000);
    }
}
