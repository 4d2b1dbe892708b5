package dev.vibecoder.sandbox;

/**
 * The sandbox cannot run generated code on this machine. Thrown at start-up, so that the hub never
 * starts without a sandbox; {@link SandboxFailureAnalyzer} prints it as the reason the start failed.
 */
public class SandboxUnavailableException extends IllegalStateException {

    private final String problem;
    private final String remedy;

    public SandboxUnavailableException(String problem, String remedy) {
        super(problem + ": " + remedy);
        this.problem = problem;
        this.remedy = remedy;
    }

    /** What is missing or broken. */
    public String problem() {
        return problem;
    }

    /** What to do about it. */
    public String remedy() {
        return remedy;
    }
}
