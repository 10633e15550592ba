/*
 * Graceful Signals: the native signal handler and the few functions that touch its memory.
 *
 * Only gs_handler runs in signal context. It may interrupt any thread anywhere (inside malloc,
 * inside the GC, holding a lock), so it touches nothing but the preallocated static memory below
 * through lock-free atomics and calls only functions listed as async-signal-safe in
 * signal-safety(7). Everything else in this file runs in normal context, called from Java through
 * JNA (dev.gracefulsignals.signal.NativeHandler), and all logic lives in Java.
 *
 * The handler records *what* happened in per-signal counters and an origin slot, and writes one
 * byte to a self-pipe as a *wake-up* only: standard signals coalesce in the kernel and a pipe can
 * fill, so the counters are the truth and the pipe merely says "look at the counters".
 *
 * The exit guard at the end of the file is the other half: the process's end must not depend on the
 * JVM, whose own exit can be stuck (below System.exit, holding the lock Runtime.halt waits for). A
 * thread of plain C, made when the application starts, ends the process with _exit(2) when an armed
 * deadline passes; and a JVM that ends with status 0 while a shutdown with another status is under
 * way (its last thread ended on its own) ends with that status instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Lock-free atomics are plain CPU instructions; a non-lock-free one could take a lock and deadlock
 * against the very code the signal interrupted. Refuse to build rather than be subtly unsafe. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "int atomics must be lock-free to use them in a signal handler");
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free to use them in a signal handler");

#define GS_NSIG 65 /* Linux signals are 1..64 (_NSIG - 1) */

/* Everything the handler writes, one slot per signal. Static storage: no allocation ever. */
struct gs_slot {
    atomic_llong count;   /* deliveries since the last gs_take */
    atomic_int writing;   /* 1 while one handler invocation writes the origin below */
    atomic_uint seq;      /* odd while the origin is being written (a seqlock for the reader) */
    atomic_int pid;       /* si_pid of the last delivery */
    atomic_int uid;       /* si_uid of the last delivery */
    atomic_int code;      /* si_code of the last delivery (SI_USER, SI_KERNEL, ...) */
    atomic_llong nanos;   /* CLOCK_MONOTONIC time of the last delivery, in nanoseconds */
};

static struct gs_slot gs_slots[GS_NSIG];
static struct sigaction gs_previous[GS_NSIG]; /* the action ours replaced; touched only at install/restore */
static atomic_int gs_write_fd = -1;           /* self-pipe write end (O_NONBLOCK), -1 when detached */
static atomic_int gs_owner_pid = 0;           /* the process that opened the pipe; a forked child is not it */
static atomic_int gs_in_handler = 0;          /* handler invocations under way, so detach can wait them out */

static void gs_handler(int sig, siginfo_t *info, void *ucontext)
{
    (void) ucontext;
    int saved_errno = errno;                       /* safe: errno is thread-local; a plain load */
    atomic_fetch_add(&gs_in_handler, 1);           /* safe: lock-free atomic add */
    if (sig > 0 && sig < GS_NSIG) {                /* safe: arithmetic only */
        struct gs_slot *slot = &gs_slots[sig];     /* safe: address of static memory */
        /* The origin first, then the count: a reader that sees the count sees an origin written by this
         * delivery or a later one, never the empty slot of a signal's first delivery. */
        /* safe: lock-free exchange used as a try-lock that never waits; if another thread is writing
         * this slot's origin right now, its details stand as "the last" and ours are skipped. */
        if (atomic_exchange(&slot->writing, 1) == 0) {
            atomic_fetch_add(&slot->seq, 1);                      /* safe: lock-free; seq odd = writing */
            atomic_store_explicit(&slot->pid, info->si_pid, memory_order_relaxed);   /* safe: atomic store */
            atomic_store_explicit(&slot->uid, (int) info->si_uid, memory_order_relaxed); /* safe: atomic store */
            atomic_store_explicit(&slot->code, info->si_code, memory_order_relaxed); /* safe: atomic store */
            struct timespec now;                                  /* safe: stack memory */
            clock_gettime(CLOCK_MONOTONIC, &now);                 /* safe: listed in signal-safety(7) (vDSO read) */
            atomic_store_explicit(&slot->nanos, (long long) now.tv_sec * 1000000000LL + now.tv_nsec,
                                  memory_order_relaxed);          /* safe: atomic store */
            atomic_fetch_add(&slot->seq, 1);                      /* safe: lock-free; seq even = consistent */
            atomic_store(&slot->writing, 0);                      /* safe: lock-free store releases the try-lock */
        }
        atomic_fetch_add(&slot->count, 1);         /* safe: lock-free atomic add (release: the origin is visible first) */
        int fd = atomic_load(&gs_write_fd);                        /* safe: lock-free load */
        if (fd >= 0 && getpid() == atomic_load(&gs_owner_pid)) {   /* safe: getpid(2) is listed; a forked child skips the parent's pipe */
            unsigned char wake = (unsigned char) sig;              /* safe: stack memory */
            ssize_t ignored = write(fd, &wake, 1);                 /* safe: write(2) is listed; O_NONBLOCK, so a full pipe
                                                                      returns EAGAIN at once, and a wake-up is pending anyway */
            (void) ignored;                                        /* safe: no-op */
        }
    }
    atomic_fetch_sub(&gs_in_handler, 1);           /* safe: lock-free atomic sub */
    errno = saved_errno;                           /* safe: thread-local store; the interrupted code sees its errno */
}

/* ---- Normal context only below this line: called from Java, never from the handler. ---- */

/* The kernel reads only the pointer in the handler union (SIG_DFL = 0, SIG_IGN = 1, else a function),
 * whatever sa_flags say; HotSpot, for one, installs SIG_IGN with SA_SIGINFO set. Compare pointers alone. */
static int gs_is_ours(const struct sigaction *action)
{
    return action->sa_sigaction == gs_handler;
}

/* Attaches the self-pipe's write end and records this process as its owner. */
void gs_attach(int write_fd)
{
    atomic_store(&gs_owner_pid, (int) getpid());
    atomic_store(&gs_write_fd, write_fd);
}

/* Detaches the pipe and returns once no handler can still be writing to it, so the caller may
 * close the fd without a late handler writing into a reused descriptor number. */
void gs_detach(void)
{
    atomic_store(&gs_write_fd, -1);
    while (atomic_load(&gs_in_handler) != 0) {
        sched_yield();
    }
}

/* Installs our handler for sig with SA_SIGINFO | SA_RESTART, keeping the previous action.
 * Returns 0 when installed (or already ours), 1 when the previous disposition is SIG_IGN and
 * force is 0 (nohup: respected), or -errno. */
int gs_install(int sig, int force)
{
    if (sig <= 0 || sig >= GS_NSIG) {
        return -EINVAL;
    }
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) {
        return -errno;
    }
    if (gs_is_ours(&current)) {
        return 0;
    }
    if (current.sa_handler == SIG_IGN && !force) {
        return 1;
    }
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = gs_handler;
    sigemptyset(&ours.sa_mask);
    ours.sa_flags = SA_SIGINFO | SA_RESTART; /* SA_RESTART: other threads' blocking calls do not fail with EINTR */
    atomic_store(&gs_slots[sig].count, 0);
    if (sigaction(sig, &ours, &gs_previous[sig]) != 0) {
        return -errno;
    }
    return 0;
}

/* Puts back the action gs_install replaced, only if ours is still the installed one.
 * Returns 0 when restored, 1 when another handler has replaced ours (left in place), or -errno. */
int gs_restore(int sig)
{
    if (sig <= 0 || sig >= GS_NSIG) {
        return -EINVAL;
    }
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) {
        return -errno;
    }
    if (!gs_is_ours(&current)) {
        return 1;
    }
    if (sigaction(sig, &gs_previous[sig], NULL) != 0) {
        return -errno;
    }
    atomic_store(&gs_slots[sig].count, 0); /* a later subscriber must not inherit deliveries of this period */
    return 0;
}

/* Reports the installed action: out[0] handler address, out[1] sa_flags, out[2] 1 if it is ours.
 * Returns 0 or -errno. */
int gs_query(int sig, long long out[3])
{
    struct sigaction current;
    if (sig <= 0 || sig >= GS_NSIG || sigaction(sig, NULL, &current) != 0) {
        return sig <= 0 || sig >= GS_NSIG ? -EINVAL : -errno;
    }
    out[0] = (long long) (intptr_t) current.sa_handler;
    out[1] = current.sa_flags;
    out[2] = gs_is_ours(&current);
    return 0;
}

/* Takes the deliveries counted since the last call (resetting the count) and the last origin:
 * out[0] pid, out[1] uid, out[2] si_code, out[3] monotonic nanos, out[4] 1 when the origin was read
 * consistently (0: a writer kept the slot busy through every retry; report the origin as unknown).
 * Returns the count. */
long long gs_take(int sig, long long out[5])
{
    if (sig <= 0 || sig >= GS_NSIG) {
        return 0;
    }
    struct gs_slot *slot = &gs_slots[sig];
    long long count = atomic_exchange(&slot->count, 0);
    out[4] = 0;
    for (int attempt = 0; attempt < 1000; attempt++) {
        unsigned before = atomic_load(&slot->seq);
        if (before & 1) {
            sched_yield(); /* a handler on another CPU is mid-write; it finishes in nanoseconds */
            continue;
        }
        out[0] = atomic_load_explicit(&slot->pid, memory_order_relaxed);
        out[1] = (unsigned) atomic_load_explicit(&slot->uid, memory_order_relaxed);
        out[2] = atomic_load_explicit(&slot->code, memory_order_relaxed);
        out[3] = atomic_load_explicit(&slot->nanos, memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load(&slot->seq) == before) {
            out[4] = out[3] != 0;
            break;
        }
    }
    return count;
}

int gs_sigrtmin(void) { return SIGRTMIN; }
int gs_sigrtmax(void) { return SIGRTMAX; }

/* ---- The exit guard: normal context, on a thread of its own that the JVM does not know. ---- */

/* glibc 2.32 and 2.34 gave the pthread functions new symbol versions when libpthread moved into libc; the old
 * versions are still exported. Bind those, so the library keeps loading on glibc 2.17 and later (RHEL 7 onwards),
 * as before the guard; NativeLibraryTest checks the newest version the library needs. */
#if defined(__GLIBC__) && defined(__x86_64__)
__asm__(".symver pthread_create,pthread_create@GLIBC_2.2.5");
__asm__(".symver pthread_attr_setstacksize,pthread_attr_setstacksize@GLIBC_2.2.5");
__asm__(".symver pthread_condattr_setclock,pthread_condattr_setclock@GLIBC_2.3.3");
__asm__(".symver pthread_sigmask,pthread_sigmask@GLIBC_2.2.5");
#elif defined(__GLIBC__) && defined(__aarch64__)
__asm__(".symver pthread_create,pthread_create@GLIBC_2.17");
__asm__(".symver pthread_attr_setstacksize,pthread_attr_setstacksize@GLIBC_2.17");
__asm__(".symver pthread_condattr_setclock,pthread_condattr_setclock@GLIBC_2.17");
__asm__(".symver pthread_sigmask,pthread_sigmask@GLIBC_2.17");
#endif

static pthread_mutex_t gs_guard_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gs_guard_wake;        /* initialised with CLOCK_MONOTONIC in gs_guard_start */
static long long gs_guard_deadline;          /* CLOCK_MONOTONIC nanoseconds; 0 when disarmed. Guarded by gs_guard_lock */
static int gs_guard_status;                  /* the status _exit gets at the deadline. Guarded by gs_guard_lock */
static int gs_guard_started;                 /* guarded by gs_guard_lock */
static atomic_int gs_expected_status = -1;   /* the status a JVM ending with 0 is given instead; -1 none */

static long long gs_monotonic_nanos(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long) now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* One line on stderr, where the logs of a container or a unit go, so a reader knows why the process ended: the
 * JVM's logging may be the very thing that is stuck. No stdio (its locks may be held), a fixed buffer. */
static void gs_say_guard_ends(int status)
{
    static const char said[] = "graceful-signals: the JVM's exit did not end the process in time (stuck, or past the shutdown deadline); ending it with _exit(";
    char digits[5] = { (char) ('0' + (status / 100) % 10), (char) ('0' + (status / 10) % 10), (char) ('0' + status % 10), ')', '\n' };
    ssize_t ignored = write(2, said, sizeof said - 1);
    ignored = write(2, digits, sizeof digits);
    (void) ignored;
}

/* The guard thread: sleeps until armed, then until the deadline; ends the process if it is still armed then. It
 * runs no Java and takes no lock the JVM holds, so a JVM stuck anywhere (in its exit, at a safepoint) cannot stop it. */
static void *gs_guard(void *unused)
{
    (void) unused;
    pthread_mutex_lock(&gs_guard_lock);
    for (;;) {
        if (gs_guard_deadline == 0) {
            pthread_cond_wait(&gs_guard_wake, &gs_guard_lock);
            continue;
        }
        if (gs_monotonic_nanos() >= gs_guard_deadline) {
            gs_say_guard_ends(gs_guard_status);
            _exit(gs_guard_status); /* the process ends here: no exit handlers, no JVM, one system call */
        }
        struct timespec at = { (time_t) (gs_guard_deadline / 1000000000LL), (long) (gs_guard_deadline % 1000000000LL) };
        pthread_cond_timedwait(&gs_guard_wake, &gs_guard_lock, &at); /* re-armed, disarmed or timed out: look again */
    }
    return NULL;
}

#ifdef __GLIBC__
/* glibc's on_exit sees the status: only a JVM that ends with 0 (its last non-daemon thread ended during a shutdown)
 * is corrected; an exit with the shutdown's own status, or a user's System.exit(n), keeps its status and the JVM's
 * own exit handlers run. */
static void gs_at_exit(int status, void *unused)
{
    (void) unused;
    int expected = atomic_load(&gs_expected_status);
    if (status == 0 && expected > 0) {
        _exit(expected);
    }
}
#else
/* musl has no on_exit: atexit does not see the status, so an expected status always wins once set. */
static void gs_at_exit_nostatus(void)
{
    int expected = atomic_load(&gs_expected_status);
    if (expected >= 0) {
        _exit(expected);
    }
}
#endif

/* Starts the guard thread once (a 64 KiB stack, every signal blocked so no signal of the process lands on it) and
 * registers the exit-status correction. Call at start-up, when threads can still be made. Returns 0 or an error number. */
int gs_guard_start(void)
{
    pthread_mutex_lock(&gs_guard_lock);
    if (gs_guard_started) {
        pthread_mutex_unlock(&gs_guard_lock);
        return 0;
    }
    pthread_condattr_t clock;
    pthread_condattr_init(&clock);
    pthread_condattr_setclock(&clock, CLOCK_MONOTONIC);
    pthread_cond_init(&gs_guard_wake, &clock);
    pthread_condattr_destroy(&clock);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 64 * 1024);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous); /* the new thread inherits the full mask */
    pthread_t thread;
    int result = pthread_create(&thread, &attributes, gs_guard, NULL);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    if (result == 0) {
#ifdef __GLIBC__
        on_exit(gs_at_exit, NULL);
#else
        atexit(gs_at_exit_nostatus);
#endif
        gs_guard_started = 1;
    }
    pthread_mutex_unlock(&gs_guard_lock);
    return result;
}

/* Arms the guard: at CLOCK_MONOTONIC deadline_nanos the process ends with _exit(status). A later call re-arms it
 * (a new deadline or status); deadline_nanos 0 disarms it. Returns 0, or -1 when the guard thread does not run. */
int gs_guard_arm(long long deadline_nanos, int status)
{
    pthread_mutex_lock(&gs_guard_lock);
    int started = gs_guard_started;
    gs_guard_deadline = deadline_nanos;
    gs_guard_status = status;
    if (started) {
        pthread_cond_signal(&gs_guard_wake);
    }
    pthread_mutex_unlock(&gs_guard_lock);
    return started ? 0 : -1;
}

/* The status a JVM that ends with status 0 is given instead (-1: none). */
void gs_expect_status(int status)
{
    atomic_store(&gs_expected_status, status);
}

/* Ends the process now with status, below the JVM: _exit(2) runs no exit handler and needs no lock or thread. */
void gs_exit(int status)
{
    _exit(status);
}
