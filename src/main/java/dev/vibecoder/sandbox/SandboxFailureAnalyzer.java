package dev.vibecoder.sandbox;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing sandbox into Spring Boot's "APPLICATION FAILED TO START" report with the remedy. */
class SandboxFailureAnalyzer extends AbstractFailureAnalyzer<SandboxUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SandboxUnavailableException cause) {
        return new FailureAnalysis("VibeCoder runs generated code only inside its sandbox, and the sandbox "
                + "cannot run here: " + cause.problem() + ".", cause.remedy(), cause);
    }
}
