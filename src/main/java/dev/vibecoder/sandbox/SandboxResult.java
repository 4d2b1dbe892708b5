package dev.vibecoder.sandbox;

import java.util.Objects;

/**
 * What a sandboxed run did.
 *
 * @param outcome    how the run ended; a limit the run hit wins over its exit code
 * @param exitCode   the command's exit code; 128 + signal when it was killed; -1 when nothing started
 * @param output     stdout and stderr interleaved as the command wrote them; when longer than the run's
 *                   {@link SandboxLimits#outputBytes()}, its head and tail with a marker where the middle
 *                   was cut, never splitting a UTF-8 character
 * @param truncated  whether the middle of the output was cut
 * @param durationMs wall-clock time from start to the end of the last process
 */
public record SandboxResult(Outcome outcome, int exitCode, String output, boolean truncated, long durationMs) {

    public enum Outcome {
        /** The command ran to its end; its exit code says whether it succeeded. */
        COMPLETED,
        /** The wall clock ran out; the command and everything it started were killed. */
        TIMED_OUT,
        /** The memory limit was hit: the kernel's OOM killer, MemoryError or OutOfMemoryError. */
        OUT_OF_MEMORY,
        /** The process limit was hit: fork or thread creation failed with EAGAIN. */
        PROCESS_LIMIT,
        /** The sandbox itself could not start; the output says why. The command did not run. */
        FAILED_TO_START
    }

    public SandboxResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(output, "output");
    }

    /** Completed with exit code 0. */
    public boolean succeeded() {
        return outcome == Outcome.COMPLETED && exitCode == 0;
    }

    static SandboxResult failedToStart(String reason, long durationMs) {
        return new SandboxResult(Outcome.FAILED_TO_START, -1, reason, false, durationMs);
    }
}
