package dev.gracefulsignals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading wrk's report: the figures, and a run with errors or without its parts refused. */
class WrkTest {

    private static final String REPORT = """
            Running 5s test @ http://127.0.0.1:41231/hello
              1 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.52ms  812.30us  21.94ms   93.12%
                Req/Sec    10.71k   612.04    11.52k    84.00%
              Latency Distribution
                 50%    1.38ms
                 75%    1.61ms
                 90%    1.95ms
                 99%    4.12ms
              53287 requests in 5.00s, 6.61MB read
            Requests/sec:  10655.84
            Transfer/sec:      1.32MB
            """;

    @Test
    void readsRequestsPerSecondAndTheMedianAndP99InMicroseconds() {
        Wrk.Result result = Wrk.parse(REPORT);
        assertThat(result.requestsPerSecond()).isEqualTo(10655.84);
        assertThat(result.requests()).isEqualTo(53287);
        assertThat(result.p50Micros()).isEqualTo(1380.0);
        assertThat(result.p99Micros()).isEqualTo(4120.0);
        assertThat(Wrk.parse(REPORT.replace("4.12ms", "812.00us").replace("1.38ms", "1.01s")).p99Micros()).isEqualTo(812.0);
    }

    @Test
    void aRunWithErrorsOrNon2xxResponsesOrNoLatencyDistributionIsRefused() {
        assertThatThrownBy(() -> Wrk.parse(REPORT.replace("Requests/sec", "  Non-2xx or 3xx responses: 12\nRequests/sec")))
                .hasMessageContaining("Non-2xx or 3xx responses: 12");
        assertThatThrownBy(() -> Wrk.parse(REPORT.replace("Requests/sec", "  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec")))
                .hasMessageContaining("Socket errors");
        assertThatThrownBy(() -> Wrk.parse(REPORT.replace("99%", "98%"))).hasMessageContaining("Not a wrk --latency report");
        assertThatThrownBy(() -> Wrk.parse(REPORT.replace("53287 requests", "0 requests"))).hasMessageContaining("no request");
    }
}
