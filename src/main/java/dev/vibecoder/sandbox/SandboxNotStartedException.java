package dev.vibecoder.sandbox;

/**
 * A compile check or test run whose sandbox never started (bubblewrap failed, a toolchain is missing,
 * the machine refused a process): the command did not run, so there is nothing the generated code did
 * to report, and nothing for the fixer to repair. The hub step fails instead, as for any outage: it
 * is retried, then the step and project fail with this reason and the message is dead-lettered, to
 * be replayed once the hub is mended.
 */
public class SandboxNotStartedException extends RuntimeException {

    private final transient SandboxResult result;

    SandboxNotStartedException(String command, SandboxResult result) {
        // the reason first: a step's reason is cut to its first 500 characters, and commands are long
        super("the sandbox could not start a run (" + result.output().strip() + "); it was to run: " + command);
        this.result = result;
    }

    /** The run as the sandbox reported it, {@link SandboxResult.Outcome#FAILED_TO_START}. */
    public SandboxResult result() {
        return result;
    }
}
