package dev.gracefulsignals.dispatch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

import dev.gracefulsignals.signal.Signal;

/**
 * A child JVM for the dispatch tests. Modes: "slow-winch" (a WINCH listener that takes 60 s, TERM exits
 * with 143), "report BACKEND" (prints each signal of TERM and USR1, and what cannot be delivered; "exit" on stdin
 * ends it).
 */
public final class DispatchChild {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "slow-winch" -> {
                Signals.subscribe(signal -> {
                    System.out.println("winch started");
                    sleep(60_000);
                }, Signal.WINCH);
                Signals.subscribe(signal -> {
                    System.out.println("term received");
                    new Thread(() -> System.exit(143)).start(); // never on a dispatcher thread: exit waits for hooks
                }, Signal.TERM);
            }
            case "report" -> Signals.subscribe(List.of(Signal.TERM, Signal.USR1), SubscribeOptions.defaults().backend(
                    dev.gracefulsignals.signal.Backend.valueOf(args[1])), signal -> System.out.println("got " + signal.signal()));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("ready undeliverable=" + Signals.undeliverable());
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("exit")) {
                System.exit(0);
            }
        }
        Thread.sleep(120_000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
