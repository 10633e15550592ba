package dev.gracefulsignals.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One shutdown hook. */
@Name("dev.gracefulsignals.ShutdownHook")
@Label("Shutdown Hook")
@Category("Graceful Signals")
@Description("One shutdown hook")
@StackTrace(false)
final class ShutdownHookEvent extends jdk.jfr.Event {

    @Label("Hook")
    String hook;

    @Label("Outcome")
    @Description("success, failure (it threw), timeout (interrupted at its timeout), or deadline/forced when the process was halted while it ran")
    String outcome;
}
