package dev.gracefulsignals.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The whole graceful shutdown, from its first step to its report. */
@Name("dev.gracefulsignals.Shutdown")
@Label("Graceful Shutdown")
@Category("Graceful Signals")
@Description("The whole graceful shutdown, from its trigger to its report")
@StackTrace(false)
final class ShutdownEvent extends jdk.jfr.Event {

    @Label("Trigger")
    @Description("SIGTERM, SIGINT, ..., System.exit or context-close")
    String trigger;

    @Label("Outcome")
    @Description("completed, deadline (halted at the deadline) or forced (halted by a repeated signal)")
    String outcome;

    @Label("Tasks Cancelled")
    long tasksCancelled;

    @Label("Still Held")
    @Description("Work still held with ShutdownToken.hold when the task grace period ran out; empty when none")
    String stillHeld;

    @Label("Exit Code")
    @Description("-1 when the process does not exit or the code is not known")
    int exitCode;
}
