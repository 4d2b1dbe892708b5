package dev.vibecoder.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.support.FlowTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The hub's own API tokens through the API: shown once when created, stored only as a hash, never
 * listed with their secret, and refused (401, problem+json) once expired or revoked.
 */
class ApiTokensTest extends FlowTestSupport {

    @Test
    void aTokenIsShownOnceAndKeptOnlyAsAHash() throws Exception {
        String identity = "tess-" + AuditReads.tag();
        Reply created = create(identity, "tess's laptop", 7);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().path("secret").asText();
        UUID id = UUID.fromString(created.json().path("token").path("id").asText());
        assertThat(secret).startsWith(ApiTokens.PREFIX).hasSizeGreaterThan(40);
        assertThat(created.headers().getLocation()).hasToString("/api/tokens/" + id);
        assertThat(OffsetDateTime.parse(created.json().path("token").path("expiresAt").asText()))
                .isCloseTo(OffsetDateTime.now().plusDays(7), within(1, ChronoUnit.MINUTES));
        assertThat(Reply.of(Reply.bearer(port, secret).get().uri("/api/projects")).status()).isEqualTo(200);

        // listed without its secret, or anything the secret could be found from
        String hash = sha256(secret);
        Reply listed = Reply.of(api().get().uri("/api/tokens"));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(secret.substring(ApiTokens.PREFIX.length()))
                .doesNotContain(hash);
        JsonNode token = entry(listed.json(), id);
        assertThat(token.path("identity").asText()).isEqualTo(identity);
        assertThat(token.path("name").asText()).isEqualTo("tess's laptop");
        assertThat(token.path("createdBy").asText()).isEqualTo("alice");
        assertThat(token.path("lastUsedAt").isNull()).as("used once: %s", token).isFalse();
        assertThat(fieldNames(token)).doesNotContain("secret", "tokenHash", "token_hash", "hash");

        // stored: its SHA-256, and the secret in no column of any token's row
        assertThat(jdbc.queryForObject("select token_hash from api_tokens where id = ?", String.class, id))
                .isEqualTo(hash);
        assertThat(jdbc.queryForObject("select count(*) from api_tokens t where strpos(t::text, ?) > 0",
                Integer.class, secret.substring(ApiTokens.PREFIX.length()))).isZero();
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        String identity = "ezra-" + AuditReads.tag();
        Reply created = create(identity, "ci job", 1);
        String secret = created.json().path("secret").asText();
        assertThat(Reply.of(Reply.bearer(port, secret).get().uri("/api/projects")).status()).isEqualTo(200);

        jdbc.update("update api_tokens set expires_at = now() - interval '1 second' where id = ?",
                UUID.fromString(created.json().path("token").path("id").asText()));
        assertUnauthorized(Reply.of(Reply.bearer(port, secret).get().uri("/api/projects")), secret);
    }

    @Test
    void aRevokedTokenIsUnauthorizedAtOnce() {
        String identity = "rory-" + AuditReads.tag();
        Reply created = create(identity, "old laptop", 30);
        String secret = created.json().path("secret").asText();
        UUID id = UUID.fromString(created.json().path("token").path("id").asText());
        assertThat(Reply.of(Reply.bearer(port, secret).get().uri("/api/projects")).status()).isEqualTo(200);
        long auditBefore = AuditReads.lastId(jdbc);

        assertThat(Reply.of(api().delete().uri("/api/tokens/{id}", id)).status()).isEqualTo(204);
        assertUnauthorized(Reply.of(Reply.bearer(port, secret).get().uri("/api/projects")), secret);
        JsonNode revoked = entry(api().get().uri("/api/tokens").retrieve().body(JsonNode.class), id);
        assertThat(revoked.path("revokedAt").isNull()).isFalse();
        assertThat(revoked.path("revokedBy").asText()).isEqualTo("alice");

        // revoking again changes nothing and records nothing; an unknown token is not found
        assertThat(Reply.of(api().delete().uri("/api/tokens/{id}", id)).status()).isEqualTo(204);
        assertThat(Reply.of(api().delete().uri("/api/tokens/{id}", UUID.randomUUID())).status()).isEqualTo(404);
        assertThat(AuditReads.since(api(), auditBefore, entry -> entry.path("target").asText().equals(id.toString())))
                .extracting(entry -> entry.path("action").asText()).containsExactly("token.revoked");
        // nor can a revoked token's owner bring it back by asking with it
        assertUnauthorized(Reply.of(Reply.bearer(port, secret).delete().uri("/api/tokens/{id}", id)), secret);
    }

    /** An identity with the viewer role, and a token of it, made through the API by the admin alice. */
    private Reply create(String identity, String name, int days) {
        Reply saved = Reply.of(api().post().uri("/api/identities").body(Map.of("name", identity, "role", "viewer")));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        return Reply.of(api().post().uri("/api/tokens")
                .body(Map.of("identity", identity, "name", name, "expiresInDays", days)));
    }

    private static void assertUnauthorized(Reply reply, String secret) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
        assertThat(reply.json().path("status").asInt()).isEqualTo(401);
        assertThat(reply.json().path("detail").asText()).contains("not accepted");
        assertThat(reply.body()).doesNotContain(secret).doesNotContain(secret.substring(ApiTokens.PREFIX.length()));
    }

    private static JsonNode entry(JsonNode tokens, UUID id) {
        return StreamSupport.stream(tokens.spliterator(), false)
                .filter(token -> token.path("id").asText().equals(id.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("token " + id + " is not listed"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
