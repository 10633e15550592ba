package dev.gracefulsignals.stacks.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real TERM to a child JVM serving gRPC on Boot 4.1's Netty server, with a real gRPC client here: the gRPC health
 * service answers NOT_SERVING during the drain delay while calls are still served, stop-intake refuses new calls
 * (UNAVAILABLE) and lets a slow unary call and a server-streaming call in flight complete before the hooks; and beside
 * it Boot alone, whose health watchers are never told.
 */
class GrpcShutdownTest {

    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
    }

    private ManagedChannel channel(int port) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    private static ChildJvm start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--spring.grpc.server.port=0", "--spring.grpc.server.address=127.0.0.1"));
        all.addAll(Arrays.asList(args));
        return ChildJvm.start(GrpcChildApp.class, List.of(), all.toArray(String[]::new));
    }

    private static int port(ChildJvm child) throws InterruptedException {
        return Integer.parseInt(child.awaitLine(line -> line.startsWith("grpc-port="), Duration.ofSeconds(60)).substring(10));
    }

    private static ServingStatus check(ManagedChannel channel, String service) {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build());
        return response.getStatus();
    }

    private static String echo(ManagedChannel channel, String text) {
        return ClientCalls.blockingUnaryCall(channel, Work.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), text);
    }

    /** How a call ended: OK, or the status it failed with. */
    private static Status.Code codeOf(Callable<?> call) throws Exception {
        try {
            call.call();
            return Status.Code.OK;
        } catch (StatusRuntimeException failed) {
            return failed.getStatus().getCode();
        }
    }

    @Test
    void healthTurnsNotServingAtRefuseTrafficAndCallsInFlightCompleteBeforeTheHooks() throws Exception {
        try (ChildJvm child = start("--graceful.shutdown.drain-delay=3s", "--graceful.shutdown.timeout=30s")) {
            int port = port(child);
            ManagedChannel channel = channel(port);
            assertThat(check(channel, "")).isEqualTo(ServingStatus.SERVING);
            Watch watch = Watch.open(channel);
            assertThat(watch.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
            ListenableFuture<String> slow = ClientCalls.futureUnaryCall(channel.newCall(Work.SLOW, CallOptions.DEFAULT), "6000");
            Stream ticks = Stream.open(channel, 16); // 16 ticks, 400 ms apart: 6.4 s
            for (int started = 0; started < 2; started++) { // both calls in the server's hands, in either order
                child.awaitLine(line -> line.equals("slow-start") || line.equals("ticks-start"), Duration.ofSeconds(10));
            }

            Kill.process(child.pid(), Signal.TERM);
            // refuse-traffic: the health watcher is told at once, and a check says so too, while the drain delay runs
            assertThat(watch.statuses.poll(2, TimeUnit.SECONDS)).as(child.output()).isEqualTo(ServingStatus.NOT_SERVING);
            watch.cancel(); // a client that follows health stops using this server
            assertThat(check(channel, "")).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(check(channel, Work.SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(echo(channel, "still served")).as("the drain delay still serves calls").isEqualTo("still served");
            assertThat(child.output()).as("all of that within the 3 s drain delay").doesNotContain("refuses new calls");

            // stop-intake: the server refuses new calls, on a new connection at once, and on this one once its GOAWAY
            // arrived (a call that races the GOAWAY is still taken: HTTP/2's graceful shutdown)
            child.awaitLine(line -> line.contains("refuses new calls"), Duration.ofSeconds(10));
            assertThat(codeOf(() -> echo(channel(port), "too late"))).as("a new call on a new connection").isEqualTo(Status.Code.UNAVAILABLE);
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); channel.getState(false) == ConnectivityState.READY
                    && System.nanoTime() < end; ) {
                Thread.sleep(10);
            }
            assertThat(codeOf(() -> echo(channel, "too late"))).as("a new call on the connection in use").isEqualTo(Status.Code.UNAVAILABLE);

            // the calls in flight at TERM complete
            assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo("slow done");
            assertThat(ticks.status.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
            assertThat(ticks.messages).hasSize(16).endsWith("tick 16");

            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            String order = child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(1)).substring(6);
            assertThat(order.split(",")).as("the app's own order: Spring gRPC's lifecycle finishes in stop-intake, before the hooks")
                    .containsExactlyInAnyOrder("slow-start", "ticks-start", "slow-end", "ticks-end", "grpc-shutdown-event",
                            "grpc-terminated-event", "intake-stopped", "hook-start");
            assertThat(order).as("the calls end, then the lifecycle, then the hooks")
                    .matches(".*slow-end.*grpc-shutdown-event,grpc-terminated-event,intake-stopped,hook-start")
                    .matches(".*ticks-end.*grpc-shutdown-event.*");
            assertThat(child.output()).containsPattern("phases=refuse-traffic:\\d+,drain-delay:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+")
                    .contains("exit=143");
            assertThat(child.output().lines().filter(line -> line.startsWith("grpc-"))).as("close-context found nothing left to stop")
                    .containsExactly("grpc-port=" + port, "grpc-shutdown-event", "grpc-terminated-event");
        }
    }

    @Test
    void bootsGracePeriodCutsACallThatOutlastsItBeforeTheHooks() throws Exception {
        try (ChildJvm child = start("--spring.grpc.server.shutdown.grace-period=2s", "--graceful.shutdown.timeout=30s")) {
            ManagedChannel channel = channel(port(child));
            ListenableFuture<String> slow = ClientCalls.futureUnaryCall(channel.newCall(Work.SLOW, CallOptions.DEFAULT), "60000");
            child.awaitLine("slow-start");
            long term = System.nanoTime();
            Kill.process(child.pid(), Signal.TERM);
            Throwable cut = catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> slow.get(20, TimeUnit.SECONDS)).getCause();
            assertThat(Status.fromThrowable(cut).getCode()).as(child.output()).isEqualTo(Status.Code.CANCELLED);
            assertThat(Duration.ofNanos(System.nanoTime() - term)).as("cut at the grace period, not at the call's end").isLessThan(Duration.ofSeconds(15));
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).contains("spring.grpc.server.shutdown.grace-period (PT2S) is over").contains("exit=143");
            String order = child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(1)).substring(6);
            assertThat(order).as("cut in stop-intake, before the hooks").endsWith("intake-stopped,hook-start");
        }
    }

    @Test
    void aHurryingSecondTermCutsTheCallsStopIntakeStillWaitsFor() throws Exception {
        try (ChildJvm child = start("--graceful.shutdown.timeout=30s", "--graceful.shutdown.repeat-window=200ms")) {
            ManagedChannel channel = channel(port(child));
            ListenableFuture<String> slow = ClientCalls.futureUnaryCall(channel.newCall(Work.SLOW, CallOptions.DEFAULT), "60000");
            child.awaitLine("slow-start");
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine(line -> line.contains("refuses new calls"), Duration.ofSeconds(10));
            Thread.sleep(500); // past the 200 ms repeat window: the second TERM hurries, it is not a duplicate
            Kill.process(child.pid(), Signal.TERM);
            Throwable cut = catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> slow.get(20, TimeUnit.SECONDS)).getCause();
            assertThat(Status.fromThrowable(cut).getCode()).as(child.output()).isEqualTo(Status.Code.CANCELLED);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).contains("stop-intake no longer waits");
            String order = child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(1)).substring(6);
            assertThat(order).as("cut in stop-intake, before the hooks").endsWith("intake-stopped,hook-start");
        }
    }

    @Test
    void bootAloneLeavesHealthWatchersServingUntilTheServerIsGone() throws Exception {
        try (ChildJvm child = start("--graceful.enabled=false", "--spring.grpc.server.shutdown.grace-period=3s")) {
            ManagedChannel channel = channel(port(child));
            Watch watch = Watch.open(channel);
            assertThat(watch.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
            ListenableFuture<String> slow = ClientCalls.futureUnaryCall(channel.newCall(Work.SLOW, CallOptions.DEFAULT), "1000");
            child.awaitLine("slow-start");

            Kill.process(child.pid(), Signal.TERM);
            assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo("slow done");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            // the watch was a call in flight: Boot cut it once its grace period was over, and never said NOT_SERVING
            assertThat(watch.end.get(5, TimeUnit.SECONDS).getCode()).isNotEqualTo(Status.Code.OK);
            assertThat(watch.statuses).as("what the watcher heard after SERVING").isEmpty();
        }
    }

    /** A health {@code Watch} of the whole server: the statuses it hears, and how it ended. */
    private static final class Watch implements StreamObserver<HealthCheckResponse> {

        final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        private io.grpc.ClientCall<HealthCheckRequest, HealthCheckResponse> call;

        static Watch open(ManagedChannel channel) {
            Watch watch = new Watch();
            watch.call = channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
            ClientCalls.asyncServerStreamingCall(watch.call, HealthCheckRequest.newBuilder().setService("").build(), watch);
            return watch;
        }

        void cancel() {
            call.cancel("the server is not serving", null);
        }

        @Override
        public void onNext(HealthCheckResponse response) {
            statuses.add(response.getStatus());
        }

        @Override
        public void onError(Throwable failure) {
            end.complete(Status.fromThrowable(failure));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }
    }

    /** A {@code Ticks} call: the messages so far, and its status at the end. */
    private static final class Stream implements StreamObserver<String> {

        final List<String> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> status = new CompletableFuture<>();

        static Stream open(ManagedChannel channel, int ticks) {
            Stream stream = new Stream();
            ClientCalls.asyncServerStreamingCall(channel.newCall(Work.TICKS, CallOptions.DEFAULT), String.valueOf(ticks), stream);
            return stream;
        }

        @Override
        public void onNext(String message) {
            messages.add(message);
        }

        @Override
        public void onError(Throwable failure) {
            status.complete(Status.fromThrowable(failure));
        }

        @Override
        public void onCompleted() {
            status.complete(Status.OK);
        }
    }
}
