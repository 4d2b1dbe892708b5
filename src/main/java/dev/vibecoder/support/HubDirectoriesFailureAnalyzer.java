package dev.vibecoder.support;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing config or routes directory into Spring Boot's "APPLICATION FAILED TO START" report. */
class HubDirectoriesFailureAnalyzer extends AbstractFailureAnalyzer<HubDirectories.Missing> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HubDirectories.Missing cause) {
        String variable = "VIBECODER_" + cause.setting().substring("vibecoder.".length()).replace('-', '_')
                .toUpperCase(java.util.Locale.ROOT);
        return new FailureAnalysis("VibeCoder cannot start: " + cause.getMessage() + ".",
                "Start the hub from the directory that holds config/ and routes/ (or put them beside the jar), "
                        + "or point " + variable + " (--" + cause.setting() + "=...) at the directory.", cause);
    }
}
