package dev.vibecoder.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.OidcStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * JWTs of an OIDC identity provider (the stand-in's, checked against its published keys) beside the
 * hub's own tokens: the provider's roles claim gives the VibeCoder role, its name claim the identity
 * that decisions and the audit log record; a token the provider did not issue, or no longer vouches
 * for, is refused.
 */
class OidcTest extends AccessHubSupport {

    @Autowired
    DocumentStore documents;

    @Test
    void anApproverOfTheIdentityProviderDecidesACheckpointUnderItsOwnName() {
        String tag = AuditReads.tag();
        String rita = "rita-" + tag;
        String requester = OidcStandIn.token(rita, List.of("vibecoder-requester"));
        Reply started = Reply.of(Reply.bearer(port, requester).post().uri("/api/projects")
                .body(Map.of("idea", "A shared shopping list #" + tag + "#", "workflow", PARKING_WORKFLOW)));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        UUID id = UUID.fromString(started.json().path("id").asText());
        assertThat(projects.requestedBy(id)).contains(rita);
        awaitStatus(id, Project.Status.AWAITING_APPROVAL);

        String decision = "/api/projects/" + id + "/documents/prd/decision";
        // a requester may not decide, whatever name the body gives
        Reply refused = Reply.of(Reply.bearer(port, requester).post().uri(decision)
                .body(Map.of("decision", "approve", "by", "olivia")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(documents.latest(id, "prd").orElseThrow().approvalState())
                .isEqualTo(Document.ApprovalState.PENDING);

        long before = AuditReads.lastId(jdbc);
        String olivia = OidcStandIn.token("olivia", List.of("approver"));
        // the body's name is not evidence of anything: the token's is recorded
        Reply decided = Reply.of(Reply.bearer(port, olivia).post().uri(decision)
                .body(Map.of("decision", "approve", "by", "mallory")));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(202);

        Document prd = documents.latest(id, "prd").orElseThrow();
        assertThat(prd.approvalState()).isEqualTo(Document.ApprovalState.APPROVED);
        assertThat(prd.approvedBy()).isEqualTo("olivia");
        // the flow went on past the checkpoint
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "system-design").isPresent());
        assertThat(api().get().uri("/api/projects/{id}/events", id).retrieve().body(String.class))
                .contains("prd v1 approved by olivia").doesNotContain("mallory");
        List<JsonNode> audited = AuditReads.since(api(), before,
                entry -> entry.path("target").asText().startsWith(id.toString()));
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.path("actor").asText()).isEqualTo("olivia");
            assertThat(entry.path("action").asText()).isEqualTo("document.approved");
            assertThat(entry.path("target").asText()).isEqualTo(id + "/prd");
        });
    }

    @Test
    void aTokenOfTheProviderWithoutAVibeCoderRoleReadsNothing() {
        // no roles claim; roles of other applications; roles whose names merely end like ours
        for (List<String> roles : java.util.Arrays.asList(null, List.of("offline_access", "uma_authorization"),
                List.of("realm-admin", "billing-approver", "cluster:admin"))) {
            Reply reply = Reply.of(Reply.bearer(port, OidcStandIn.token("nora", roles)).get().uri("/api/projects"));
            assertThat(reply.status()).as("roles %s: %s", roles, reply).isEqualTo(403);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().path("status").asInt()).isEqualTo(403);
        }
        // the same person with a VibeCoder role reads, and no more than the role allows
        String viewer = OidcStandIn.token("nora", List.of("offline_access", "viewer"));
        assertThat(Reply.of(Reply.bearer(port, viewer).get().uri("/api/projects")).status()).isEqualTo(200);
        assertThat(Reply.of(Reply.bearer(port, viewer).post().uri("/api/projects")
                .body(Map.of("idea", "A viewer may not start this"))).status()).isEqualTo(403);
        assertThat(Reply.of(Reply.bearer(port, viewer).get().uri("/api/audit")).status()).isEqualTo(403);
    }

    @Test
    void expiredForeignForgedAndUnsignedTokensAreUnauthorized() {
        JWTClaimsSet admin = OidcStandIn.claims("olivia", List.of("admin")).build();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        Map<String, String> refused = new LinkedHashMap<>();
        // ten minutes past its expiry: beyond any clock skew a validator allows
        refused.put("expired", OidcStandIn.signed(OidcStandIn.claims("olivia", List.of("admin"))
                .issueTime(Date.from(hourAgo)).notBeforeTime(Date.from(hourAgo))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10)))).build()));
        refused.put("another issuer", OidcStandIn.signed(OidcStandIn.claims("olivia", List.of("admin"))
                .issuer("https://idp.example.com/realms/vibecoder").build()));
        refused.put("signed with another key", OidcStandIn.signedWithAnotherKey(admin));
        refused.put("claims changed after signing", tampered(OidcStandIn.token("olivia", List.of("viewer")), admin));
        refused.put("unsigned", OidcStandIn.unsigned(admin));
        refused.put("not a JWT", "not.a.jwt");

        for (Map.Entry<String, String> token : refused.entrySet()) {
            Reply reply = Reply.of(Reply.bearer(port, token.getValue()).get().uri("/api/projects"));
            assertThat(reply.status()).as("%s: %s", token.getKey(), reply).isEqualTo(401);
            assertThat(reply.contentType()).as(token.getKey()).startsWith("application/problem+json");
            assertThat(reply.headers().getFirst("WWW-Authenticate")).as(token.getKey()).startsWith("Bearer");
            assertThat(reply.json().path("status").asInt()).isEqualTo(401);
            assertThat(reply.body()).as(token.getKey()).doesNotContain(token.getValue());
        }
        // the same claims, signed by the provider, are accepted: the refusals were the tokens' faults
        assertThat(Reply.of(Reply.bearer(port, OidcStandIn.signed(admin)).get().uri("/api/audit")).status())
                .isEqualTo(200);
    }

    @Test
    void theHubsOwnTokensWorkBesideTheProvidersJwts() {
        String tag = AuditReads.tag();
        assertThat(Reply.of(as("own-viewer-" + tag, AccessRole.VIEWER).get().uri("/api/projects")).status())
                .isEqualTo(200);
        assertThat(Reply.of(as("own-viewer-" + tag, AccessRole.VIEWER).get().uri("/api/tokens")).status())
                .isEqualTo(403);
        assertThat(Reply.of(as("own-admin-" + tag, AccessRole.ADMIN).get().uri("/api/tokens")).status())
                .isEqualTo(200);
        assertThat(Reply.of(Reply.bearer(port, ApiTokens.PREFIX + "unknownUnknownUnknownUnknownUnknown1234567")
                .get().uri("/api/projects")).status()).isEqualTo(401);
        assertThat(Reply.of(Reply.bearer(port, OidcStandIn.token("nora", List.of("viewer"))).get()
                .uri("/api/projects")).status()).isEqualTo(200);
    }

    /** The signed token with its payload replaced by {@code claims}, its signature kept. */
    private static String tampered(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + claims.toPayload().toBase64URL() + "." + parts[2];
    }
}
