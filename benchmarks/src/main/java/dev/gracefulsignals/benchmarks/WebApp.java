package dev.gracefulsignals.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The minimal web app of {@code throughput} and {@code footprint}: one {@code GET /hello} answering {@code hello}, on
 * Tomcat ({@code servlet}) or Reactor Netty ({@code reactive}), bound to 127.0.0.1 on a free port. Its own main class,
 * referring to nothing of the library: the harness runs it on a class path with the starter, or on one without the
 * starter's jars at all (see {@link WebClassPath}), so "without" is the app a user has before adding the dependency.
 *
 * <p>Protocol: {@code ready <port>} on ApplicationReadyEvent; then on a {@code footprint} line on standard input it
 * collects garbage and prints {@code footprint heap_used_kib=… classes=… threads=… names=a|b|…}; it exits when standard input closes.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(WebApp.Hello.class)
public class WebApp {

    static final String READY = "ready";
    static final String FOOTPRINT = "footprint";

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !(args[0].equals("servlet") || args[0].equals("reactive"))) {
            System.err.println("usage: WebApp servlet|reactive");
            System.exit(2);
        }
        SpringApplication app = new SpringApplication(WebApp.class);
        app.setBannerMode(Banner.Mode.OFF); // standard output carries the protocol
        app.setWebApplicationType(args[0].equals("servlet") ? WebApplicationType.SERVLET : WebApplicationType.REACTIVE);
        int[] port = new int[1];
        app.addListeners(event -> {
            if (event instanceof WebServerInitializedEvent initialized) {
                port[0] = initialized.getWebServer().getPort();
            } else if (event instanceof ApplicationReadyEvent) {
                System.out.println(READY + " " + port[0]);
                System.out.flush();
            }
        });
        app.run("--server.address=127.0.0.1", "--server.port=0");
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals(FOOTPRINT)) {
                    System.out.println(footprint());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    /** Heap in use after two full collections, loaded classes and live threads, as the JVM itself counts them. */
    private static String footprint() {
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.add(thread.getName().replace(' ', '_').replace('|', '_').replace('=', '_'));
        }
        Collections.sort(names);
        return String.format(Locale.ROOT, "%s heap_used_kib=%d classes=%d threads=%d names=%s", FOOTPRINT, heap.getUsed() / 1024,
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), ManagementFactory.getThreadMXBean().getThreadCount(),
                String.join("|", names));
    }

    @RestController
    static class Hello {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }
}
