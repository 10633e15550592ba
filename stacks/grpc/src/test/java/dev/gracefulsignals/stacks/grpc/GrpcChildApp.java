package dev.gracefulsignals.stacks.grpc;

import java.util.Map;

import dev.gracefulsignals.stacks.support.ShutdownOrder;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
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
@Import(ShutdownOrder.Recording.class)
public class GrpcChildApp {

    /** Each step also printed as it happens: the test waits for {@code slow-start} and {@code ticks-start}. */
    private final ShutdownOrder order = ShutdownOrder.echoing();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(GrpcChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("order.hook-pause", "0ms")); // the hook prints the order at once
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return order;
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
        order.add("slow-start");
        try {
            Thread.sleep(Long.parseLong(millis));
            response.onNext("slow done");
            response.onCompleted();
            order.add("slow-end");
        } catch (InterruptedException interrupted) {
            order.add("slow-interrupted");
            response.onError(interrupted);
        }
    }

    private void ticks(String count, StreamObserver<String> response) {
        order.add("ticks-start");
        try {
            for (int i = 1; i <= Integer.parseInt(count); i++) {
                response.onNext("tick " + i);
                Thread.sleep(400);
            }
            response.onCompleted();
            order.add("ticks-end");
        } catch (InterruptedException interrupted) {
            order.add("ticks-interrupted");
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
        order.add("grpc-shutdown-event");
    }

    @EventListener
    void terminated(GrpcServerTerminatedEvent event) {
        order.add("grpc-terminated-event");
    }

    @EventListener
    void closed(ContextClosedEvent event) {
        order.add("context-closed");
    }
}
