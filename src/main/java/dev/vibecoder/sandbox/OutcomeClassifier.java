package dev.vibecoder.sandbox;

import dev.vibecoder.sandbox.SandboxResult.Outcome;
import java.util.regex.Pattern;

/**
 * Tells how a run ended from what the kernel counted and what the command said. A limit the run
 * hit is the reason it failed, so it wins over the clock: a fork bomb stopped by the process limit
 * usually spins on until the wall clock too, and is reported as PROCESS_LIMIT.
 *
 * <p>What the kernel counted (an OOM kill, a fork refused by the pids cgroup) is a fact and always
 * reported, even when the command exits 0 (a shell fork bomb's {@code wait} does). What the command
 * printed only counts when it failed or was stopped, so that a passing test that merely mentions
 * MemoryError, or caught it, is not misread. Where the hub has no cgroups, a limit hit by a command
 * that still exits 0 therefore shows only in the output.
 */
final class OutcomeClassifier {

    /** fork/clone refused with EAGAIN, as dash, bash, Python and the JVM report it. */
    private static final Pattern PROCESS_LIMIT = Pattern.compile(
            "Resource temporarily unavailable|Cannot fork|fork: retry|unable to create native thread"
                    + "|can't start new thread|BlockingIOError: \\[Errno 11\\]");

    /** Allocation refused: Python's MemoryError (a traceback's last line), the JVM's, C++'s. */
    private static final Pattern OUT_OF_MEMORY = Pattern.compile(
            "(?m)^\\s*MemoryError\\b|java\\.lang\\.OutOfMemoryError|std::bad_alloc|Cannot allocate memory");

    private OutcomeClassifier() {
    }

    static Outcome classify(boolean timedOut, int exitCode, boolean oomKilled, boolean pidsLimitHit,
            String output) {
        if (oomKilled) {
            return Outcome.OUT_OF_MEMORY;
        }
        if (pidsLimitHit) {
            return Outcome.PROCESS_LIMIT;
        }
        if (!timedOut && exitCode == 0) {
            return Outcome.COMPLETED;
        }
        if (PROCESS_LIMIT.matcher(output).find()) {
            return Outcome.PROCESS_LIMIT;
        }
        if (OUT_OF_MEMORY.matcher(output).find()) {
            return Outcome.OUT_OF_MEMORY;
        }
        return timedOut ? Outcome.TIMED_OUT : Outcome.COMPLETED;
    }
}
