package dev.gracefulsignals.dispatch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;

/**
 * A child JVM that takes TERM (or the signals named after the backend) until told "release" on stdin, printing
 * each delivery with its origin. Args: backend [signal...].
 */
public final class TermChild {

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        List<Signal> signals = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            signals.add(Signal.of(args[i]));
        }
        Subscription subscription = Signals.subscribe(signals.isEmpty() ? List.of(Signal.TERM) : signals,
                SubscribeOptions.defaults().backend(backend),
                signal -> System.out.println("got " + signal.signal() + " from " + signal.origin()));
        System.out.println("ready backend=" + Signals.backend().orElseThrow() + " arch=" + System.getProperty("os.arch")
                + " rtmin=" + Signal.RTMIN);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("release")) {
                subscription.close();
                System.out.println("released");
            }
        }
        Thread.sleep(60_000);
    }
}
