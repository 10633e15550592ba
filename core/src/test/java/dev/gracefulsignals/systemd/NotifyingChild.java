package dev.gracefulsignals.systemd;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A service as systemd starts it: reads NOTIFY_SOCKET and WATCHDOG_* from its real environment, sends READY=1 and
 * keeps the watchdog fed, then on "stop" (stdin) sends STOPPING=1 and exits 0.
 */
public final class NotifyingChild {

    public static void main(String[] args) throws Exception {
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
        System.out.println("enabled=" + systemd.isEnabled() + " watchdog="
                + systemd.watchdogTimeout().map(Duration::toMillis).orElse(-1L));
        systemd.ready();
        systemd.startWatchdog(() -> true);
        System.out.println("ready sent");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("stop")) {
                systemd.stopping();
                systemd.close();
                System.out.println("stopped");
                return;
            }
        }
    }
}
