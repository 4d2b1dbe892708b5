package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack is off without a bot token, and complete or refused with one; secrets stay out of logs. */
class SlackSettingsTest {

    @Test
    void withoutABotTokenSlackIsOff() {
        SlackSettings off = new SlackSettings("", null, null, null, null);
        assertThat(off.enabled()).isFalse();
        assertThat(off.offReason()).contains("SLACK_BOT_TOKEN").contains("REST API");
        assertThat(off.isApprover("U0123")).isFalse();
    }

    @Test
    void aBotTokenNeedsTheSigningSecretAndTheChannel() {
        assertThatThrownBy(() -> new SlackSettings("xoxb-1", " ", "C0123", null, List.of()))
                .hasMessageContaining("vibecoder.slack.signing-secret (SLACK_SIGNING_SECRET) is required");
        assertThatThrownBy(() -> new SlackSettings("xoxb-1", "secret", null, null, List.of()))
                .hasMessageContaining("vibecoder.slack.channel (SLACK_CHANNEL) is required");
        assertThatThrownBy(() -> new SlackSettings("xoxb-1", "secret", "C0123", "slack.com", List.of()))
                .hasMessageContaining("must be an http(s) URL");
    }

    @Test
    void approversAreUserIdsWithoutBlanksOrRepeats() {
        SlackSettings on = new SlackSettings("xoxb-1", "secret", "C0123", "https://slack.com/", List.of(" U01 ", "",
                "W02", "U01"));
        assertThat(on.enabled()).isTrue();
        assertThat(on.serverUrl()).isEqualTo("https://slack.com");
        assertThat(on.approvers()).containsExactly("U01", "W02");
        assertThat(on.isApprover("U01")).isTrue();
        assertThat(on.isApprover("U03")).isFalse();
        assertThat(on.isApprover(null)).isFalse();
    }

    @Test
    void theSecretsAreNotInItsText() {
        String text = new SlackSettings("xoxb-very-secret", "signing-very-secret", "C0123", null, List.of("U01"))
                .toString();
        assertThat(text).doesNotContain("very-secret").contains("botToken=(set)").contains("C0123");
    }
}
