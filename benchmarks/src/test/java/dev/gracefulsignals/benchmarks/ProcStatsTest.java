package dev.gracefulsignals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The per-thread counters the latency harness reads to show where wake-ups go. */
class ProcStatsTest {

    @Test
    void parsesCpuTimeFromSchedstatAndBothKindsOfContextSwitchFromStatus() {
        ProcStats.ThreadCounters counters = ProcStats.threadCounters("graceful-signal\n", "123456789 5000 42\n",
                "Name:\tgraceful-signal\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t17\nnonvoluntary_ctxt_switches:\t3\n");
        assertThat(counters).isEqualTo(new ProcStats.ThreadCounters("graceful-signal", 123456789, 17, 3));
        assertThat(counters.minus(new ProcStats.ThreadCounters("graceful-signal", 123000000, 7, 1)))
                .isEqualTo(new ProcStats.ThreadCounters("graceful-signal", 456789, 10, 2));
    }

    @Test
    void readsEveryLiveThreadOfAProcess() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<Long, ProcStats.ThreadCounters> threads = ProcStats.threads(pid);
        assertThat(threads).containsKey(pid); // the primordial thread's id is the pid
        assertThat(ProcStats.threadCount(pid)).isPositive();
        assertThat(threads.values()).allSatisfy(thread -> assertThat(thread.voluntary()).isNotNegative());
    }

    @Test
    void cpuSinceCountsThreadByThreadSoAThreadThatEndedNeverMakesItNegative() {
        // Thread 1 spent 50 since, thread 3 started and spent 20, thread 2 ended: 70, where the difference of the sums over
        // the live threads says (150 + 20) - (100 + 50) = 20; and it says -490 in the second case, where this says 10.
        assertThat(ProcStats.cpuSince(Map.of(1L, 100L, 2L, 50L), Map.of(1L, 150L, 3L, 20L))).isEqualTo(70);
        assertThat(ProcStats.cpuSince(Map.of(1L, 100L, 2L, 500L), Map.of(1L, 110L))).isEqualTo(10);
    }
}
