package dev.vibecoder.connector.slack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How decisions made in Slack before identities (issue 10) named their decider on the document
 * ({@code approved_by}: {@code alice (Slack U0123ABCD)}): such a record still shows as a mention
 * ({@code <@U0123ABCD>}). Decisions are now recorded under the decider's identity.
 */
final class SlackDecider {

    private static final Pattern BY = Pattern.compile("\\(Slack ([UW][A-Z0-9]+)\\)$");

    private SlackDecider() {
    }

    /** The Slack user id a decider was recorded with, if Slack recorded it. */
    static Optional<String> userId(String by) {
        if (by == null) {
            return Optional.empty();
        }
        Matcher matcher = BY.matcher(by);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
