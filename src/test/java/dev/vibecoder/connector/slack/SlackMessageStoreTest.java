package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One message per document, also when two hubs handle two deliveries of its event at once. */
class SlackMessageStoreTest extends SlackFlowSupport {

    @Autowired
    SlackMessageStore messages;

    @Test
    void postingIsClaimedOnceAndADeadClaimantsClaimLapses() {
        // a workflow without checkpoints: its PRD was never asked about in Slack
        UUID project = startProject("A metronome for drummers", "quick-prototype");
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(project, "prd").isPresent());
        UUID prd = documents.latest(project, "prd").orElseThrow().id();

        assertThat(messages.claim(prd, Duration.ofMinutes(1))).isTrue();
        // the other hub, while the first one posts
        assertThat(messages.claim(prd, Duration.ofMinutes(1))).isFalse();
        assertThat(messages.find(prd)).isEmpty();

        // the post failed: the claim is given up, and the redelivery may post
        messages.release(prd);
        assertThat(messages.claim(prd, Duration.ZERO)).isTrue();
        // the claimant died while posting: once its lease is over another hub takes over
        assertThat(messages.claim(prd, Duration.ofMinutes(1))).isTrue();

        messages.posted(prd, "C0VIBECODE", "1700000000.000100");
        assertThat(messages.claim(prd, Duration.ZERO)).isFalse();
        assertThat(messages.find(prd)).hasValueSatisfying(message -> {
            assertThat(message.channel()).isEqualTo("C0VIBECODE");
            assertThat(message.ts()).isEqualTo("1700000000.000100");
            assertThat(message.decisionShown()).isNull();
        });
        // posted ones are never released
        messages.release(prd);
        assertThat(messages.find(prd)).isPresent();
    }
}
