package dev.vibecoder.connector.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, version 0: {@code X-Slack-Signature} is {@code v0=} and the hex
 * HMAC-SHA256, keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw
 * body>}. A request whose timestamp is more than five minutes from this hub's clock is refused even
 * when its signature is right, so a captured request cannot be replayed later. The comparison takes
 * the same time however much of the signature matches.
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

    private final byte[] secret;
    private final Clock clock;

    public SlackRequestSignature(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
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
        byte[] expected = sign(secret, timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.invalid("X-Slack-Signature does not match the request: check the signing secret");
        }
        return Verdict.VALID;
    }

    /** The {@code v0=...} signature of a request: what Slack sends, and what tests sign with. */
    public static String sign(String signingSecret, String timestamp, byte[] body) {
        return sign(signingSecret.getBytes(StandardCharsets.UTF_8), timestamp, body);
    }

    private static String sign(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
