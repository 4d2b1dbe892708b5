package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The webhook's first step, without a hub: refusals come before the body is read. */
class GitHubWebhookTest {

    private static final byte[] BODY = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void withoutTokenOrSecretEveryDeliveryIsAnsweredWith503AndTheReason() {
        Object noSecret = webhook(properties("token", null, GitHubProperties.Mode.WEBHOOK))
                .accept(BODY, "issues", "d1", WebhookSignature.sign("s", BODY), "application/json");
        assertThat(noSecret).isInstanceOfSatisfying(WebhookReply.class, r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.reason()).contains("GITHUB_WEBHOOK_SECRET is not set");
        });

        Object noToken = webhook(properties(null, "s", GitHubProperties.Mode.WEBHOOK))
                .accept(BODY, "issues", "d1", WebhookSignature.sign("s", BODY), "application/json");
        assertThat(noToken).isInstanceOfSatisfying(WebhookReply.class, r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.reason()).contains("GITHUB_TOKEN is not set");
        });

        Object polling = webhook(properties("token", "s", GitHubProperties.Mode.POLLING))
                .accept(BODY, "issues", "d1", WebhookSignature.sign("s", BODY), "application/json");
        assertThat(polling).isInstanceOfSatisfying(WebhookReply.class, r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.reason()).contains("polls");
        });
    }

    @Test
    void aSignedDeliveryBecomesAnEvent() {
        Object accepted = webhook(properties("token", "s", GitHubProperties.Mode.WEBHOOK))
                .accept(BODY, "issues", " d1 ", WebhookSignature.sign("s", BODY), "application/json");
        assertThat(accepted).isInstanceOfSatisfying(GitHubEvent.class, e -> {
            assertThat(e.name()).isEqualTo("issues");
            assertThat(e.deliveryId()).isEqualTo("d1");
            assertThat(e.action()).isEqualTo("opened");
        });
    }

    @Test
    void theApiAddressMustBeOneEgitAndTheHubAgreeOn() {
        GitHubConnector.checkApiUrl(URI.create("https://api.github.com"));
        GitHubConnector.checkApiUrl(URI.create("https://github.example.com/api/v3"));
        GitHubConnector.checkApiUrl(URI.create("http://localhost:8089/api/v3/"));
        assertThatThrownBy(() -> GitHubConnector.checkApiUrl(URI.create("https://github.example.com")))
                .hasMessageContaining("https://<host>/api/v3");
        assertThatThrownBy(() -> GitHubConnector.checkApiUrl(URI.create("https://api.github.com/v3")))
                .hasMessageContaining("https://api.github.com");
        assertThatThrownBy(() -> GitHubConnector.checkApiUrl(URI.create("ftp://github.example.com/api/v3")))
                .hasMessageContaining("http(s)");
    }

    @Test
    void theSecretsAreNeverPrinted() {
        assertThat(properties("ghp_secret-token", "hook-secret", GitHubProperties.Mode.WEBHOOK).toString())
                .doesNotContain("ghp_secret-token").doesNotContain("hook-secret").contains("token=(set)");
    }

    private static GitHubWebhook webhook(GitHubProperties properties) {
        return new GitHubWebhook(new GitHubConnector(properties, null), new ObjectMapper());
    }

    private static GitHubProperties properties(String token, String secret, GitHubProperties.Mode mode) {
        return new GitHubProperties(URI.create("https://api.github.com"), token, secret, "vibecoder",
                Set.of("OWNER", "MEMBER", "COLLABORATOR"), mode,
                new GitHubProperties.Polling(List.of("acme/tools"), Duration.ofSeconds(60)), null,
                Duration.ofSeconds(10), "docs/vibecoder");
    }
}
