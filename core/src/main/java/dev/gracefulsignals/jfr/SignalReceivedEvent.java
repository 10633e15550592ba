package dev.gracefulsignals.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A signal the application took, committed once its listeners ran. */
@Name("dev.gracefulsignals.SignalReceived")
@Label("Signal Received")
@Category("Graceful Signals")
@Description("A signal the application took, once its listeners ran")
@StackTrace(false)
final class SignalReceivedEvent extends jdk.jfr.Event {

    @Label("Signal")
    @Description("HUP, TERM, USR1, RTMIN+3, ...")
    String signal;

    @Label("Count")
    @Description("Deliveries since the previous event for this signal, coalesced ones included")
    long count;

    @Label("Action")
    @Description("What the application did with it: shutdown, reload, event, ignore")
    String action;

    @Label("Sender Kind")
    @Description("process, kernel (a terminal, a timer) or unknown (the jvm backend cannot see the sender)")
    String senderKind;

    @Label("Sender PID")
    @Description("-1 unless the sender is a process")
    int senderPid;

    @Label("Sender UID")
    @Description("-1 unless the sender is a process")
    int senderUid;

    @Label("Sender Command")
    @Description("From /proc/<pid>/comm; empty when not known")
    String senderCommand;

    @Label("Backend")
    @Description("native or jvm")
    String backend;

    @Label("Latency")
    @Description("From the signal handler to the end of the listeners")
    @Timespan(Timespan.NANOSECONDS)
    long latency;
}
