package dev.gracefulsignals.vthreads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code @Scheduled} and {@code @Async} work on what Boot makes with {@code spring.threads.virtual.enabled=true}
 * ({@code SimpleAsyncTaskScheduler}, {@code SimpleAsyncTaskExecutor}), run as a child JVM by
 * {@link VirtualThreadsShutdownTest}. Records ticks, the end of cancel-tasks and the hook, and prints the order.
 */
@SpringBootApplication
@EnableScheduling
@EnableAsync
public class VirtualThreadsChildApp {

    static final List<String> order = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(VirtualThreadsChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Component
    static class Work {

        @Scheduled(fixedRate = 20)
        void tick() {
            order.add(isVirtual() ? "tick" : "tick-on-platform-thread");
        }

        /** Thread.isVirtual() is JDK 21 API; this code compiles for 17. */
        private static boolean isVirtual() {
            try {
                return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
            } catch (ReflectiveOperationException notOn21) {
                return false;
            }
        }

        @Async
        public void longJob() {
            try {
                order.add("async-started");
                System.out.println("async started");
                Thread.sleep(60_000);
                order.add("async-finished");
            } catch (InterruptedException interrupted) {
                order.add("async-interrupted");
            }
        }
    }

    @Bean
    ApplicationRunner startLongJob(Work work) {
        return arguments -> work.longJob();
    }

    @Bean
    ShutdownObserver cancelWatch() {
        return new ShutdownObserver() {
            @Override
            public void phaseFinished(String phase, Duration duration) {
                if (phase.equals("cancel-tasks")) {
                    order.add("tasks-cancelled");
                }
            }
        };
    }

    @Bean
    ShutdownHook printOrder() {
        return () -> {
            Thread.sleep(500); // a scheduler still triggering would tick meanwhile
            System.out.println("order=" + String.join(",", order));
        };
    }
}
