package dev.gracefulsignals.signal;

/** How signals are captured. */
public enum Backend {
    /** The native backend where it loads, the JVM fallback elsewhere. Only a request; a running backend is never AUTO. */
    AUTO,
    /** A C handler (async-signal-safe) and a self-pipe; sees the sender's pid and uid. Linux x86-64 (glibc or musl) and aarch64 (glibc). */
    NATIVE,
    /** {@code sun.misc.Signal}: works wherever the JDK does, without sender details, and is slower (a new thread per signal). */
    JVM
}
