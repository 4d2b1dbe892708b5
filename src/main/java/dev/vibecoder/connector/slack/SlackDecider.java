package dev.vibecoder.connector.slack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a decision made in Slack names its decider on the document ({@code approved_by}): the Slack
 * user's name, for people reading the timeline or the REST API, and their user id, which Slack
 * messages turn back into a mention ({@code <@U0123ABCD>}) that always shows the current name.
 */
final class SlackDecider {

    private static final Pattern BY = Pattern.compile("\\(Slack ([UW][A-Z0-9]+)\\)$");

    private SlackDecider() {
    }

    /** {@code alice (Slack U0123ABCD)}. */
    static String by(String userId, String name) {
        return (name == null || name.isBlank() ? userId : name.strip()) + " (Slack " + userId + ")";
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
