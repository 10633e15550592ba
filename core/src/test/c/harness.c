/*
 * Test harness for one build of libgracefulsignals.so, linked against it and run on its platform
 * (natively, or under qemu-user for aarch64): real signals, raised and sent from another process,
 * against the shipped handler. Driven by dev.gracefulsignals.signal.NativeHarnessTest, which also
 * compares the "const" lines with the constants the Java side uses on that platform.
 *
 * With the argument "wait" it only waits for stdin to close. Otherwise it prints "const NAME VALUE" lines, "ok CHECK" per passed check, then "PASS"; on a failure
 * "FAIL CHECK: detail" and exit status 1. A hang (a handler blocked on a full pipe) ends by SIGALRM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void gs_attach(int write_fd);
void gs_detach(void);
int gs_install(int sig, int force);
int gs_restore(int sig);
int gs_query(int sig, long long out[3]);
long long gs_take(int sig, long long out[5]);
int gs_sigrtmin(void);
int gs_sigrtmax(void);
int gs_guard_start(void);
int gs_guard_arm(long long deadline_nanos, int status);
void gs_expect_status(int status);
void gs_exit(int status);

static int failures;

static void check(int passed, const char *name, const char *detail, long long a, long long b)
{
    if (passed) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: %s (%lld, %lld)\n", name, detail, a, b);
        failures++;
    }
    fflush(stdout);
}

/* Waits (up to 10 s, generous for emulation) until sig's count reaches at least want; returns the count taken. */
static long long take_at_least(int sig, long long want, long long origin[5])
{
    long long total = 0;
    for (int i = 0; i < 10000 && total < want; i++) {
        total += gs_take(sig, origin);
        if (total < want) {
            struct timespec pause = {0, 1000000};
            nanosleep(&pause, NULL);
        }
    }
    return total;
}

static int readable(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) == 1;
}

static void drain(int fd)
{
    char buffer[4096];
    while (readable(fd) && read(fd, buffer, sizeof buffer) > 0) {
    }
}

static void previous_handler(int sig) { (void) sig; }

static long long monotonic_nanos(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long) now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void sleep_millis(long millis)
{
    struct timespec pause = {millis / 1000, (millis % 1000) * 1000000L};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
    }
}

/* Runs one exit-guard scenario in a forked child (the guard ends the process it runs in) and returns its exit
 * status, or -1 when it did not exit normally. */
static int guarded_child(int scenario)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        if (gs_guard_start() != 0) {
            _exit(90);
        }
        switch (scenario) {
        case 0: /* the deadline passes while the process is stuck: the guard ends it with the armed status */
            gs_guard_arm(monotonic_nanos() + 100000000LL, 77);
            sleep_millis(20000);
            _exit(91);
        case 1: /* re-armed to a nearer deadline and another status */
            gs_guard_arm(monotonic_nanos() + 20000000000LL, 70);
            gs_guard_arm(monotonic_nanos() + 50000000LL, 78);
            sleep_millis(20000);
            _exit(92);
        case 2: /* disarmed: the process ends on its own */
            gs_guard_arm(monotonic_nanos() + 50000000LL, 79);
            gs_guard_arm(0, 0);
            sleep_millis(300);
            _exit(3);
        case 3: /* a process that ends with 0 while a status is expected ends with that status */
            gs_expect_status(143);
            exit(0);
        case 4: /* an exit with a status of its own keeps it (glibc: on_exit sees it; musl's atexit cannot) */
            gs_expect_status(143);
            exit(7);
        case 5:
            gs_exit(5);
        }
        _exit(99);
    }
    int status = 0;
    long long give_up = monotonic_nanos() + 15000000000LL; /* generous for emulation */
    while (waitpid(child, &status, WNOHANG) == 0) {
        if (monotonic_nanos() > give_up) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            return -1;
        }
        sleep_millis(5);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void exit_guard(void)
{
    int status = guarded_child(0);
    check(status == 77, "guard-deadline", "the armed guard must _exit with its status at the deadline", status, 77);
    status = guarded_child(1);
    check(status == 78, "guard-rearmed", "a re-armed guard keeps the newest deadline and status", status, 78);
    status = guarded_child(2);
    check(status == 3, "guard-disarmed", "a disarmed guard must not end the process", status, 3);
    status = guarded_child(3);
    check(status == 143, "expected-status", "an exit with 0 gets the expected status", status, 143);
    status = guarded_child(4);
#ifdef __GLIBC__
    check(status == 7, "own-status-kept", "an exit with its own status keeps it", status, 7);
#else
    check(status == 143, "expected-status-nostatus", "without on_exit the expected status always wins", status, 143);
#endif
    status = guarded_child(5);
    check(status == 5, "exit-now", "gs_exit ends the process with its status", status, 5);
}

static void constants(void)
{
#define CONST(name) printf("const %s %lld\n", #name, (long long) (name))
    CONST(O_NONBLOCK); CONST(O_CLOEXEC); CONST(F_GETFD); CONST(F_GETFL); CONST(F_SETFL); CONST(FD_CLOEXEC);
    CONST(EINTR); CONST(EAGAIN); CONST(AF_UNIX); CONST(SOCK_DGRAM); CONST(SOCK_CLOEXEC);
    CONST(MSG_NOSIGNAL); CONST(MSG_DONTWAIT);
    CONST(SIGHUP); CONST(SIGINT); CONST(SIGQUIT); CONST(SIGUSR1); CONST(SIGUSR2); CONST(SIGPIPE); CONST(SIGALRM);
    CONST(SIGTERM); CONST(SIGCHLD); CONST(SIGCONT); CONST(SIGSTOP); CONST(SIGTSTP); CONST(SIGWINCH); CONST(SIGSYS);
    CONST(SIGRTMIN); CONST(SIGRTMAX);
    CONST(SA_SIGINFO); CONST(SA_RESTART);
    CONST(SI_USER); CONST(SI_QUEUE); CONST(SI_TKILL);
    /* Layouts, for the design notes; the Java side never reads these structs (the C does, with its own headers). */
    printf("const sizeof_sigaction %zu\n", sizeof(struct sigaction));
    printf("const offsetof_sa_mask %zu\n", offsetof(struct sigaction, sa_mask));
    printf("const offsetof_sa_flags %zu\n", offsetof(struct sigaction, sa_flags));
    printf("const sizeof_siginfo %zu\n", sizeof(siginfo_t));
    printf("const offsetof_si_code %zu\n", offsetof(siginfo_t, si_code));
    printf("const offsetof_si_pid %zu\n", offsetof(siginfo_t, si_pid));
    printf("const offsetof_si_uid %zu\n", offsetof(siginfo_t, si_uid));
#undef CONST
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "wait") == 0) {
        /* Stays alive until stdin closes, so the test can read /proc/<pid>/maps of a process on this libc. */
        char byte;
        puts("waiting");
        fflush(stdout);
        while (read(0, &byte, 1) > 0) {
        }
        return 0;
    }
    alarm(60); /* a handler blocked on the full pipe would hang here forever: SIGALRM ends it, failing the run */
    constants();
    long long origin[5];
    long long action[3];

    check(gs_sigrtmin() == SIGRTMIN && gs_sigrtmax() == SIGRTMAX, "rt-range", "library's SIGRTMIN/MAX differ from libc's",
          gs_sigrtmin(), gs_sigrtmax());

    /* Restore of the previous action: a handler of someone else's, with its own flags, comes back as it was. */
    struct sigaction previous, now;
    memset(&previous, 0, sizeof previous);
    previous.sa_handler = previous_handler;
    previous.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &previous, NULL);
    check(gs_install(SIGUSR1, 0) == 0, "install", "gs_install(USR1) failed", 0, 0);
    gs_query(SIGUSR1, action);
    check(action[2] == 1 && (action[1] & (SA_SIGINFO | SA_RESTART)) == (SA_SIGINFO | SA_RESTART), "flags",
          "ours with SA_SIGINFO|SA_RESTART expected", action[2], action[1]);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        perror("pipe2");
        return 1;
    }
    fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    gs_attach(fds[1]);

    /* Counts and origin of signals raised in this process (tgkill: SI_TKILL) and queued (SI_QUEUE). */
    for (int i = 0; i < 3; i++) {
        raise(SIGUSR1);
    }
    long long count = take_at_least(SIGUSR1, 3, origin);
    check(count == 3, "count-raised", "three raises, three deliveries", count, 3);
    check(origin[0] == getpid() && origin[1] == (long long) getuid() && origin[2] == SI_TKILL && origin[4] == 1,
          "origin-raised", "pid and si_code of raise()", origin[0], origin[2]);
    check(readable(fds[0]), "wakeup", "the handler wrote no wake-up byte", 0, 0);
    drain(fds[0]);

    /* A signal sent by another process: its pid, our uid, SI_USER. */
    pid_t sender = fork();
    if (sender == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    waitpid(sender, NULL, 0);
    count = take_at_least(SIGUSR1, 1, origin);
    check(count == 1 && origin[0] == sender && origin[1] == (long long) getuid() && origin[2] == SI_USER, "origin-kill",
          "kill() from a child: its pid and SI_USER", origin[0], origin[2]);
    drain(fds[0]);

    /* Real-time signals queue: five sigqueue()s, five deliveries, SI_QUEUE. */
    int rt = SIGRTMIN + 1;
    gs_install(rt, 0);
    union sigval value = {0};
    for (int i = 0; i < 5; i++) {
        sigqueue(getpid(), rt, value);
    }
    count = take_at_least(rt, 5, origin);
    check(count == 5 && origin[2] == SI_QUEUE, "count-realtime", "five queued RTMIN+1, SI_QUEUE", count, origin[2]);
    drain(fds[0]);

    /* Non-blocking self-pipe, and errno kept: fill the pipe, then a delivery's write fails with EAGAIN
     * inside the handler, which must neither block (SIGALRM would end the run) nor leak that errno. */
    char byte = 0;
    long filled = 0;
    while (write(fds[1], &byte, 1) == 1) {
        filled++;
    }
    check(errno == EAGAIN && filled > 0, "pipe-nonblocking", "the write end must be O_NONBLOCK", errno, filled);
    for (int i = 0; i < 100; i++) {
        errno = EDOM;
        raise(SIGUSR1);
        if (errno != EDOM) {
            check(0, "errno-kept", "the handler changed errno", errno, EDOM);
            break;
        }
    }
    count = take_at_least(SIGUSR1, 100, origin);
    check(count == 100, "count-full-pipe", "deliveries counted while the pipe is full", count, 100);
    drain(fds[0]);

    /* A forked child's handler must not write into its parent's pipe. */
    pid_t child = fork();
    if (child == 0) {
        raise(SIGUSR1);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    check(!readable(fds[0]), "fork-refused", "a forked child wrote into the parent's pipe", 0, 0);
    raise(SIGUSR1);
    check(readable(fds[0]), "fork-parent-writes", "the parent itself still writes", 0, 0);
    take_at_least(SIGUSR1, 1, origin);
    drain(fds[0]);

    /* Restore: the previous handler and flags are back; a handler installed over ours is left alone. */
    check(gs_restore(SIGUSR1) == 0, "restore", "gs_restore(USR1) failed", 0, 0);
    sigaction(SIGUSR1, NULL, &now);
    check(now.sa_handler == previous_handler && (now.sa_flags & SA_RESTART) && !(now.sa_flags & SA_SIGINFO),
          "restore-previous", "the previous action is back", 0, now.sa_flags);
    gs_install(SIGUSR1, 0);
    sigaction(SIGUSR1, &previous, NULL);
    check(gs_restore(SIGUSR1) == 1, "restore-replaced", "a handler installed over ours must be left in place", 0, 0);

    /* nohup: an inherited SIG_IGN is respected unless forced. */
    signal(SIGHUP, SIG_IGN);
    check(gs_install(SIGHUP, 0) == 1, "ignored-respected", "SIG_IGN must be left", 0, 0);
    check(gs_install(SIGHUP, 1) == 0, "ignored-forced", "force installs over SIG_IGN", 0, 0);
    gs_restore(SIGHUP);

    gs_detach();
    exit_guard();
    puts(failures == 0 ? "PASS" : "FAILED");
    return failures == 0 ? 0 : 1;
}
