package dev.gracefulsignals.dispatch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;

/** A child JVM that takes USR1 and TERM, printing each with its origin, until told "release" on stdin. Args: backend. */
public final class UsrTermChild {

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        Subscription subscription = Signals.subscribe(List.of(Signal.USR1, Signal.TERM), SubscribeOptions.defaults().backend(backend),
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
