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
}
