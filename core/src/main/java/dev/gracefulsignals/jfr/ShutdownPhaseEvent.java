package dev.gracefulsignals.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One phase of the shutdown sequence. */
@Name("dev.gracefulsignals.ShutdownPhase")
@Label("Shutdown Phase")
@Category("Graceful Signals")
@Description("One phase of the graceful shutdown")
@StackTrace(false)
final class ShutdownPhaseEvent extends jdk.jfr.Event {

    @Label("Phase")
    @Description("signal-listeners, refuse-traffic, drain-delay, stop-intake, cancel-tasks, hooks, close-context")
    String phase;

    @Label("Finished")
    @Description("false when the process was halted while the phase ran")
    boolean finished;
}
