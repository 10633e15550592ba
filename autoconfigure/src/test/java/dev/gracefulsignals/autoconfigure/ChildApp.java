package dev.gracefulsignals.autoconfigure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.spring.OnSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * A Boot app with only the starter's auto-configuration, run as a child JVM by {@link ChildJvmShutdownTest}.
 * Prints "ready" when started; "exit N" on stdin calls System.exit(N). With {@code hang=true} its
 * second hook never returns; with {@code exit-in-hook=N} it calls System.exit(N); with
 * {@code exit-on-term=N} an {@code @OnSignal("TERM")} method calls System.exit(N); with {@code third-fails=true} the
 * third hook throws; with {@code main-returns=true} main
 * returns once started and the only non-daemon thread left is a worker that the first hook stops, so the JVM ends on its
 * own during the sequence unless something keeps it up.
 */
@SpringBootApplication
@org.springframework.boot.context.properties.EnableConfigurationProperties({ChildApp.Greeting.class, ChildApp.GreetingRecord.class})
public class ChildApp {

    /** Re-bound by spring-cloud-context's ContextRefresher when a reload signal arrives. */
    @org.springframework.boot.context.properties.ConfigurationProperties("child")
    public static class Greeting {
        private String greeting = "none";

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }
    }

    /** Bound through its constructor: spring-cloud-context's rebinder cannot re-bind it, so it keeps its first value. */
    @org.springframework.boot.context.properties.ConfigurationProperties("child")
    public record GreetingRecord(@org.springframework.boot.context.properties.bind.DefaultValue("none") String greeting) {
    }

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(ChildApp.class);
        // The test class path has a web server (for the metrics tests): this app needs none.
        application.setWebApplicationType(WebApplicationType.NONE);
        var context = application.run(args);
        if (context.getEnvironment().getProperty("churn", Boolean.class, false)) {
            churn();
        }
        if (context.getEnvironment().getProperty("main-returns", Boolean.class, false)) {
            Thread worker = new Thread(() -> {
                try {
                    WORKER_STOP.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }, "worker");
            worker.setDaemon(false);
            worker.start();
            System.out.println("ready");
            return;
        }
        System.out.println("ready");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("close")) {
                context.close();
                System.out.println("closed");
            }
            if (line.equals("churn")) {
                CHURN.countDown();
                System.out.println("churning");
            }
            if (line.equals("greeting")) {
                System.out.println("greeting=" + context.getBean(Greeting.class).getGreeting()
                        + " record=" + context.getBean(GreetingRecord.class).greeting());
            }
            if (line.startsWith("exit ")) {
                System.exit(Integer.parseInt(line.substring(5).trim()));
            }
        }
        new CountDownLatch(1).await();
    }

    /**
     * A thread, made now, that on "churn" from stdin keeps G1's write barrier busy (young objects stored into an old
     * array), so G1 wants more of its lazily made concurrent refinement threads: after a pids limit their creation
     * fails, and G1's exit then waits for them (JDK 17 to 25).
     */
    private static void churn() {
        Object[] old = new Object[1 << 20]; // humongous: allocated in the old generation at once
        Thread churn = new Thread(() -> {
            try {
                CHURN.await();
            } catch (InterruptedException interrupted) {
                return;
            }
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            while (true) {
                old[random.nextInt(old.length)] = new byte[64];
                if (random.nextInt(1 << 20) == 0) {
                    Thread.onSpinWait();
                }
            }
        }, "churn");
        churn.setDaemon(true);
        churn.setPriority(Thread.MIN_PRIORITY);
        churn.start();
    }

    static final CountDownLatch CHURN = new CountDownLatch(1);

    /** Opened by the first hook: the worker of {@code main-returns=true}, the last non-daemon thread, ends. */
    static final CountDownLatch WORKER_STOP = new CountDownLatch(1);

    @Bean
    @Order(1)
    ShutdownHook first() {
        return () -> {
            System.out.println("hook first");
            WORKER_STOP.countDown();
        };
    }

    @Bean
    @Order(2)
    ShutdownHook second(Environment environment) {
        boolean hang = environment.getProperty("hang", Boolean.class, false);
        long sleep = environment.getProperty("hook-sleep-ms", Long.class, 0L);
        Integer exitCode = environment.getProperty("exit-in-hook", Integer.class);
        return () -> {
            System.out.println("hook second");
            if (exitCode != null) {
                System.exit(exitCode);
            }
            if (hang) {
                new CountDownLatch(1).await();
            }
            Thread.sleep(sleep);
        };
    }

    @Bean
    @Order(3)
    ShutdownHook third(Environment environment) {
        boolean fails = environment.getProperty("third-fails", Boolean.class, false);
        return () -> {
            System.out.println("hook third");
            if (fails) {
                throw new IllegalStateException("third hook fails, as asked");
            }
        };
    }

    @Bean
    @ConditionalOnProperty("exit-on-term")
    ExitOnTerm exitOnTerm(Environment environment) {
        return new ExitOnTerm(environment.getRequiredProperty("exit-on-term", Integer.class));
    }

    /** Application code that ends the process itself when TERM arrives, while the shutdown sequence runs. */
    static class ExitOnTerm {
        private final int code;

        ExitOnTerm(int code) {
            this.code = code;
        }

        @OnSignal("TERM")
        void onTerm() {
            System.out.println("on-signal TERM: System.exit(" + code + ")");
            System.exit(code);
        }
    }
}
