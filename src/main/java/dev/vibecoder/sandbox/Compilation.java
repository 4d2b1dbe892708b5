package dev.vibecoder.sandbox;

import java.util.Objects;

/**
 * A compile check of a project's tree.
 *
 * @param command what ran, as a shell command line rendered from the arguments the sandbox was given
 * @param result  the sandboxed run
 */
public record Compilation(String command, SandboxResult result) {

    public Compilation {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(result, "result");
    }

    /** Completed with exit code 0. */
    public boolean succeeded() {
        return result.succeeded();
    }
}
