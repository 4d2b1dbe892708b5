package dev.vibecoder.connector.slack;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Slack app VibeCoder asks for decisions through. Without a bot token Slack is off and
 * checkpoints are decided through the REST API only; with one, the signing secret and the channel
 * are required too, because a message nobody's click can be verified for is worse than none.
 *
 * @param botToken      the app's bot token ({@code xoxb-...}), from {@code SLACK_BOT_TOKEN}
 * @param signingSecret the app's signing secret, which Slack signs interactions with
 * @param channel       where checkpoint messages go: a channel id ({@code C0123ABCD}) or name
 * @param serverUrl     Slack's address: {@code https://slack.com}, or a stand-in's
 * @param approvers     Slack user ids ({@code U...}, {@code W...}) whose clicks decide
 */
@ConfigurationProperties("vibecoder.slack")
public record SlackSettings(
        String botToken,
        String signingSecret,
        String channel,
        @DefaultValue("https://slack.com") String serverUrl,
        List<String> approvers) {

    public SlackSettings {
        botToken = blankToNull(botToken);
        signingSecret = blankToNull(signingSecret);
        channel = blankToNull(channel);
        serverUrl = serverUrl == null || serverUrl.isBlank() ? "https://slack.com" : serverUrl.strip();
        while (serverUrl.endsWith("/")) {
            serverUrl = serverUrl.substring(0, serverUrl.length() - 1);
        }
        Set<String> ids = new LinkedHashSet<>();
        if (approvers != null) {
            approvers.stream().map(String::strip).filter(id -> !id.isEmpty()).forEach(ids::add);
        }
        approvers = List.copyOf(ids);
        if (botToken != null) {
            if (signingSecret == null) {
                throw new IllegalArgumentException("vibecoder.slack.signing-secret (SLACK_SIGNING_SECRET) is required"
                        + " with a bot token: without it no click on an Approve or Reject button can be verified");
            }
            if (channel == null) {
                throw new IllegalArgumentException("vibecoder.slack.channel (SLACK_CHANNEL) is required with a bot"
                        + " token: the channel checkpoint messages are posted to");
            }
            URI url = URI.create(serverUrl);
            if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("vibecoder.slack.server-url (SLACK_SERVER_URL) must be an http(s)"
                        + " URL, not '" + serverUrl + "'");
            }
        }
    }

    /** Whether Slack is in use: a bot token is configured. */
    public boolean enabled() {
        return botToken != null;
    }

    /** Why Slack is not in use, for the log and the interactions endpoint's 503. */
    public String offReason() {
        return "Slack is not configured (no SLACK_BOT_TOKEN): checkpoints are decided through the REST API";
    }

    public boolean isApprover(String userId) {
        return userId != null && approvers.contains(userId);
    }

    /** Without the secrets: settings end up in logs and error reports. */
    @Override
    public String toString() {
        return "SlackSettings[botToken=" + (botToken == null ? "none" : "(set)") + ", signingSecret="
                + (signingSecret == null ? "none" : "(set)") + ", channel=" + channel + ", serverUrl=" + serverUrl
                + ", approvers=" + approvers + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
