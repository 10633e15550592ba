package dev.gracefulsignals.sample;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Simulated work, so a TERM has requests in flight to drain. */
@RestController
public class WorkController {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final EventBuffer buffer;
    private final Greeting greeting;

    public WorkController(EventBuffer buffer, Greeting greeting) {
        this.buffer = buffer;
        this.greeting = greeting;
    }

    /** Answers 200 after {@code ms} milliseconds. */
    @GetMapping("/work")
    public String work(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
        inFlight.incrementAndGet();
        try {
            Thread.sleep(ms);
            buffer.add("work " + ms + " ms");
            return "worked " + ms + " ms\n";
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @GetMapping("/greeting")
    public String greeting() {
        return greeting.current() + "\n";
    }

    public int inFlight() {
        return inFlight.get();
    }
}
