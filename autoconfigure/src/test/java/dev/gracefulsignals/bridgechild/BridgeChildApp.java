package dev.gracefulsignals.bridgechild;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.spring.SignalReloadEvent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.event.EventListener;

/**
 * A Boot app with the starter alone, in a package of its own (nothing else to scan), run as a child JVM by
 * {@code SignalBridgeChildJvmTest}. Prints "ready"; prints "reloading" when a reload event arrives; "exit" on stdin
 * ends it.
 */
@SpringBootApplication
public class BridgeChildApp {

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(BridgeChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
        System.out.println("ready");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("exit")) {
                System.exit(0);
            }
        }
        new CountDownLatch(1).await();
    }

    @EventListener
    void onReload(SignalReloadEvent event) {
        System.out.println("reloading on " + event.getSignal());
    }
}
