package dev.vibecoder.connector.slack;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Slack's request signing, version 0: {@code X-Slack-Signature} is {@code v0=} and the hex
 * HMAC-SHA256, keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw
 * body>}, as Slack's SDK computes it ({@link SlackSignature.Generator}). A request whose timestamp is
 * more than five minutes from this hub's clock, either way, is refused even when its signature is
 * right, so a captured request cannot be replayed later. (The SDK's own checks are not used: its
 * {@code TimestampVerifier} lets any timestamp in the future through, and its {@code Verifier}
 * compares with {@code String.equals}.) The comparison takes the same time however much of the
 * signature matches.
 */
public final class SlackRequestSignature {

    /** How far a request's timestamp may be from the hub's clock, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** Whether a request is Slack's, and if not, why (never revealing what the right signature is). */
    public record Verdict(boolean valid, String problem) {
        static final Verdict VALID = new Verdict(true, null);

        static Verdict invalid(String problem) {
            return new Verdict(false, problem);
        }
    }

    private final SlackSignature.Generator signatures;
    private final Clock clock;

    public SlackRequestSignature(String signingSecret, Clock clock) {
        // refuses a missing secret
        this.signatures = new SlackSignature.Generator(signingSecret);
        this.clock = clock;
    }

    public Verdict verify(String timestamp, String signature, byte[] body) {
        if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            return Verdict.invalid("the X-Slack-Request-Timestamp and X-Slack-Signature headers are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.invalid("X-Slack-Request-Timestamp is not a Unix time in seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > WINDOW.toSeconds()) {
            return Verdict.invalid("X-Slack-Request-Timestamp is more than " + WINDOW.toMinutes()
                    + " minutes from this hub's clock: the request is refused as a possible replay");
        }
        if (!signature.startsWith("v0=")) {
            return Verdict.invalid("X-Slack-Signature is not a version 0 (v0=) signature");
        }
        // Slack's bodies are form-encoded ASCII; bytes that are not UTF-8 change the text, so they cannot match
        String expected = signatures.generate(timestamp.strip(), new String(body, StandardCharsets.UTF_8));
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.invalid("X-Slack-Signature does not match the request: check the signing secret");
        }
        return Verdict.VALID;
    }
}
