package dev.gracefulsignals.autoconfigure.actuate;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web app with the starter and the actuator, run as a child JVM by {@link UndeliverableSignalHealthTest}, in which
 * the signals its parent blocked can really never arrive. Before Spring starts, the main thread installs a seccomp
 * filter that fails {@code rt_sigprocmask(SIG_UNBLOCK, ...)} with EPERM, as a sandbox policy may; every thread
 * started afterwards inherits it, so the dispatcher's {@code pthread_sigmask} fails and the signals stay blocked
 * where HotSpot under {@code -Xrs} left them too. Prints "health-port=N" when started.
 */
@SpringBootApplication
public class UndeliverableSignalApp {

    private static final int PR_SET_SECCOMP = 22;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final long SECCOMP_MODE_FILTER = 2;
    private static final int SIG_UNBLOCK = 1;
    private static final int SECCOMP_RET_ERRNO_EPERM = 0x0005_0000 | 1;
    private static final int SECCOMP_RET_ALLOW = 0x7fff_0000;

    public static void main(String[] args) {
        denySignalUnblocking();
        var context = SpringApplication.run(UndeliverableSignalApp.class, args);
        System.out.println("health-port=" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** The filter, for this thread and every thread it starts from now on. */
    private static void denySignalUnblocking() {
        boolean aarch64 = System.getProperty("os.arch").equals("aarch64");
        int auditArch = aarch64 ? 0xC000_00B7 : 0xC000_003E;
        int rtSigprocmask = aarch64 ? 135 : 14;
        // struct seccomp_data: nr @0, arch @4, args[0] @16 (its low 32 bits, little endian).
        short ld = 0x20; // BPF_LD | BPF_W | BPF_ABS
        short jeq = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
        short ret = 0x06; // BPF_RET | BPF_K
        int[][] program = {
                {ld, 0, 0, 4},
                {jeq, 0, 5, auditArch},
                {ld, 0, 0, 0},
                {jeq, 0, 3, rtSigprocmask},
                {ld, 0, 0, 16},
                {jeq, 0, 1, SIG_UNBLOCK},
                {ret, 0, 0, SECCOMP_RET_ERRNO_EPERM},
                {ret, 0, 0, SECCOMP_RET_ALLOW},
        };
        Memory filter = new Memory(8L * program.length); // struct sock_filter { u16 code; u8 jt, jf; u32 k; }
        for (int i = 0; i < program.length; i++) {
            filter.setShort(8L * i, (short) program[i][0]);
            filter.setByte(8L * i + 2, (byte) program[i][1]);
            filter.setByte(8L * i + 3, (byte) program[i][2]);
            filter.setInt(8L * i + 4, program[i][3]);
        }
        Memory fprog = new Memory(16); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        fprog.clear();
        fprog.setShort(0, (short) program.length);
        fprog.setPointer(8, filter);
        Function prctl = Function.getFunction("c", "prctl");
        check(prctl.invokeInt(new Object[] {PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L}), "PR_SET_NO_NEW_PRIVS");
        check(prctl.invokeInt(new Object[] {PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog, 0L, 0L}), "PR_SET_SECCOMP");
        System.out.println("seccomp filter installed");
    }

    private static void check(int result, String what) {
        if (result != 0) {
            throw new IllegalStateException("prctl(" + what + ") failed, errno " + com.sun.jna.Native.getLastError());
        }
    }
}
