/*
 * Reference receivers in C, the floors the harness compares the JVM paths with. Same protocol as the
 * harness's receiver with --stages: "ready" on a line, then one line per signal with the CLOCK_MONOTONIC
 * nanoseconds read right after the wake-up and those the handler read when it ran, which a sender on the
 * same host compares with its own clock (kill to handler, handler to reader: the two wake-ups apart).
 *
 *   reference-receiver one SIGNO   one thread: the handler interrupts the thread blocked in read(2) on the
 *                                  self-pipe, writes a byte, and that same thread's read returns (one wake-up)
 *   reference-receiver two SIGNO   the handler runs on the main thread (the only one not blocking the
 *                                  signal, waiting in pause()); a second thread blocked in read(2) wakes
 *                                  (two wake-ups: the floor of any JVM design, whose handler thread is not
 *                                  the one that reads)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
/* Written by the handler before its write(2), read by the reader after its read(2) returned: the pipe orders them. */
static volatile long long captured;

static void handler(int sig)
{
    int saved = errno;                 /* async-signal-safe: errno is thread-local */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now); /* async-signal-safe (POSIX.1-2008), as the library's handler does */
    captured = (long long) now.tv_sec * 1000000000LL + now.tv_nsec;
    unsigned char byte = (unsigned char) sig;
    ssize_t ignored = write(fds[1], &byte, 1); /* write(2) is async-signal-safe; O_NONBLOCK */
    (void) ignored;
    errno = saved;
}

static void *reader(void *unused)
{
    (void) unused;
    unsigned char buffer[256];
    for (;;) {
        ssize_t got = read(fds[0], buffer, sizeof buffer);
        if (got > 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            printf("%lld %lld\n", (long long) now.tv_sec * 1000000000LL + now.tv_nsec, captured);
            fflush(stdout);
        } else if (got < 0 && errno == EINTR) {
            continue;
        } else {
            exit(0);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int two = argc > 1 && strcmp(argv[1], "two") == 0;
    int sig = argc > 2 ? atoi(argv[2]) : SIGUSR1;
    if (pipe2(fds, O_CLOEXEC) != 0 || fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK) != 0) {
        perror("pipe");
        return 1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(sig, &action, NULL) != 0) {
        perror("sigaction");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    if (!two) {
        reader(NULL);
        return 0;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, NULL);   /* the reader thread inherits the block */
    pthread_t thread;
    if (pthread_create(&thread, NULL, reader, NULL) != 0) {
        perror("pthread_create");
        return 1;
    }
    pthread_sigmask(SIG_UNBLOCK, &set, NULL); /* only the main thread takes the signal */
    for (;;) {
        pause();
    }
}
