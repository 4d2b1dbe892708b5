package dev.vibecoder.workflow;

import java.util.Arrays;
import java.util.Locale;

/** What happens when a document has waited at a checkpoint for longer than its timeout. */
public enum TimeoutAction {
    /** Remind whoever decides (the project's timeline, and Slack when configured), once per timeout period. */
    REMIND,
    /** Approve it as it is, on behalf of nobody in particular ({@code by} "timeout"). */
    APPROVE,
    /** Reject it, so that its role writes a new version. */
    REJECT;

    /** The action named in a workflow file: {@code remind}, {@code approve} or {@code reject}. */
    public static TimeoutAction parse(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equalsIgnoreCase(name == null ? "" : name.strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("'" + name
                        + "' is not an action; known: remind, approve, reject"));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
