package dev.vibecoder.memory;

/** What a memory is. */
public enum MemoryKind {
    /** A role step: what was asked, what came out, how it went. */
    EXPERIENCE,
    /** What went wrong in a failure, its root cause and what to do next time; answers one {@link #FAILURE}. */
    REFLECTION,
    /** A failed step or test run, as the output said it; clustered into failure patterns. */
    FAILURE
}
