package dev.gracefulsignals.stacks.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

/**
 * A gRPC server app (Boot 4.1's, on Netty) run as a child JVM by {@link GrpcShutdownTest}. It prints its port, and
 * records when calls start and end, when stop-intake finished, Spring gRPC's own shutdown events and the hook; the
 * hook prints that order.
 */
@SpringBootApplication
public class GrpcChildApp {

    private final List<String> order = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(GrpcChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    private void record(String step) {
        order.add(step);
        System.out.println(step);
    }

    @Bean
    BindableService work() {
        return () -> ServerServiceDefinition.builder(Work.SERVICE)
                .addMethod(Work.SLOW, ServerCalls.asyncUnaryCall(this::slow))
                .addMethod(Work.TICKS, ServerCalls.asyncServerStreamingCall(this::ticks))
                .addMethod(Work.ECHO, ServerCalls.asyncUnaryCall(GrpcChildApp::echo))
                .build();
    }

    private void slow(String millis, StreamObserver<String> response) {
        record("slow-start");
        try {
            Thread.sleep(Long.parseLong(millis));
            response.onNext("slow done");
            response.onCompleted();
            record("slow-end");
        } catch (InterruptedException interrupted) {
            record("slow-interrupted");
            response.onError(interrupted);
        }
    }

    private void ticks(String count, StreamObserver<String> response) {
        record("ticks-start");
        try {
            for (int i = 1; i <= Integer.parseInt(count); i++) {
                response.onNext("tick " + i);
                Thread.sleep(400);
            }
            response.onCompleted();
            record("ticks-end");
        } catch (InterruptedException interrupted) {
            record("ticks-interrupted");
            response.onError(interrupted);
        }
    }

    private static void echo(String request, StreamObserver<String> response) {
        response.onNext(request);
        response.onCompleted();
    }

    @EventListener
    void started(GrpcServerStartedEvent event) {
        System.out.println("grpc-port=" + event.getPort());
    }

    @EventListener
    void shutdown(GrpcServerShutdownEvent event) {
        record("grpc-shutdown-event");
    }

    @EventListener
    void terminated(GrpcServerTerminatedEvent event) {
        record("grpc-terminated-event");
    }

    @EventListener
    void closed(ContextClosedEvent event) {
        record("context-closed");
    }

    @Bean
    ShutdownObserver intakeWatch() {
        return new ShutdownObserver() {
            @Override
            public void phaseFinished(String phase, Duration duration) {
                if (phase.equals("stop-intake")) {
                    record("intake-stopped");
                }
            }
        };
    }

    @Bean
    ShutdownHook printOrder() {
        return () -> {
            record("hook-start");
            System.out.println("order=" + String.join(",", order));
        };
    }
}
