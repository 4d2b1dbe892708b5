package dev.vibecoder.sandbox;

import java.util.Objects;

/**
 * A test run's counts, parsed from the runner's output.
 *
 * @param command what ran, as a shell command line
 * @param result  the sandboxed run
 * @param passed  tests that passed (an expected failure counts as passed)
 * @param failed  tests whose assertions failed (an unexpected success counts as failed)
 * @param errors  tests, or whole test classes, that could not run or raised an unexpected error
 * @param skipped tests skipped or aborted by an assumption
 */
public record TestRun(String command, SandboxResult result, int passed, int failed, int errors, int skipped) {

    public TestRun {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(result, "result");
    }

    /** Completed with exit code 0, at least one test passed, none failed and none erred. */
    public boolean green() {
        return result.succeeded() && failed == 0 && errors == 0 && passed > 0;
    }
}
