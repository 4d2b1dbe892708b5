package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Slack's v0 request signature, with the worked example of Slack's "Verifying requests from Slack". */
class SlackRequestSignatureTest {

    // the example of https://api.slack.com/authentication/verifying-requests-from-slack
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
            .getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void slacksDocumentedExampleIsValidWithinFiveMinutes() {
        assertThat(new SlackSignature.Generator(SECRET).generate(TIMESTAMP, new String(BODY, StandardCharsets.UTF_8)))
                .isEqualTo(SIGNATURE);
        assertThat(at(1531420618L).verify(TIMESTAMP, SIGNATURE, BODY).valid()).isTrue();
        assertThat(at(1531420618L + 300).verify(TIMESTAMP, SIGNATURE, BODY).valid()).isTrue();
        assertThat(at(1531420618L - 300).verify(TIMESTAMP, SIGNATURE, BODY).valid()).isTrue();
    }

    @Test
    void aStaleOrFutureTimestampIsRefusedEvenWithTheRightSignature() {
        SlackRequestSignature.Verdict stale = at(1531420618L + 301).verify(TIMESTAMP, SIGNATURE, BODY);
        assertThat(stale.valid()).isFalse();
        assertThat(stale.problem()).contains("more than 5 minutes");
        // from the future too (which the SDK's TimestampVerifier would let through)
        assertThat(at(1531420618L - 301).verify(TIMESTAMP, SIGNATURE, BODY).valid()).isFalse();
    }

    @Test
    void aWrongSignatureOrAChangedBodyIsRefused() {
        SlackRequestSignature verifier = at(1531420618L);
        String oneDigitOff = SIGNATURE.substring(0, SIGNATURE.length() - 1) + "4";
        assertThat(verifier.verify(TIMESTAMP, oneDigitOff, BODY).problem()).contains("does not match");
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("roadrunner", "coyote")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(TIMESTAMP, SIGNATURE, changed).valid()).isFalse();
        // the timestamp is signed too: a fresh one on an old request does not pass
        assertThat(at(1531420918L).verify("1531420918", SIGNATURE, BODY).valid()).isFalse();
        assertThat(new SlackRequestSignature("another-secret", clock(1531420618L)).verify(TIMESTAMP, SIGNATURE, BODY)
                .valid()).isFalse();
        assertThat(verifier.verify(TIMESTAMP, SIGNATURE.replace("v0=", "v1="), BODY).problem())
                .contains("not a version 0");
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        SlackRequestSignature verifier = at(1531420618L);
        assertThat(verifier.verify(null, SIGNATURE, BODY).problem()).contains("headers are required");
        assertThat(verifier.verify(TIMESTAMP, null, BODY).problem()).contains("headers are required");
        assertThat(verifier.verify(" ", "", BODY).valid()).isFalse();
        assertThat(verifier.verify("yesterday", SIGNATURE, BODY).problem()).contains("not a Unix time");
    }

    private static SlackRequestSignature at(long epochSecond) {
        return new SlackRequestSignature(SECRET, clock(epochSecond));
    }

    private static Clock clock(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
