package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's own example in "Validating webhook deliveries". */
    private static final String GITHUB_EXAMPLE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void signsLikeGitHub() {
        assertThat(WebhookSignature.sign("It's a Secret to Everybody", HELLO)).isEqualTo(GITHUB_EXAMPLE);
    }

    @Test
    void acceptsGitHubsSignatureOfTheExactBody() {
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, GITHUB_EXAMPLE)).isTrue();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, GITHUB_EXAMPLE.toUpperCase()
                .replace("SHA256=", "sha256="))).as("hex digits in either case").isTrue();
    }

    @Test
    void refusesAnotherSecretAnotherBodyAndMalformedHeaders() {
        assertThat(WebhookSignature.valid("another secret", HELLO, GITHUB_EXAMPLE)).isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody",
                "Hello, World!\n".getBytes(StandardCharsets.UTF_8), GITHUB_EXAMPLE)).isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, null)).isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, "")).isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, GITHUB_EXAMPLE.substring(7)))
                .as("without the sha256= prefix").isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO,
                "sha1=757107ea0eb2509fc211221cce984b8a37570b6d")).isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, GITHUB_EXAMPLE.substring(0, 70)))
                .as("truncated").isFalse();
        assertThat(WebhookSignature.valid("It's a Secret to Everybody", HELLO, "sha256=zz" + GITHUB_EXAMPLE
                .substring(9))).as("not hex").isFalse();
    }
}
