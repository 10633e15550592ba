package dev.gracefulsignals.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A web app that shows every feature of Graceful Signals through the starter's public API only:
 * in-flight requests drained on TERM ({@link WorkController}), a scheduled job and a long task that
 * stop at a safe point ({@link BackgroundWork}), ordered shutdown hooks ({@link ShutdownHooks}), a
 * USR1 status dump ({@link StatusDump}) and a HUP reload ({@link Greeting}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@EnableAsync
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
