package dev.vibecoder.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * The audit log holds one entry per state-changing action of a session through the REST API, under
 * the identity that acted, and none for a request that was refused; and the hub's own database user
 * cannot change or remove an entry.
 */
class AuditLogTest extends FlowTestSupport {

    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate transaction;
    @Value("${spring.datasource.username}")
    String hubUser;

    @Test
    void aScriptedSessionLeavesOneEntryPerActionUnderWhoeverActed() {
        String tag = AuditReads.tag();
        String admin = "audit-admin-" + tag;
        String requester = "audit-requester-" + tag;
        String approver = "audit-approver-" + tag;
        RestClient asAdmin = as(admin, AccessRole.ADMIN);
        long before = AuditReads.lastId(jdbc);

        expect(asAdmin.post().uri("/api/identities").body(Map.of("name", requester, "role", "requester")), 200);
        JsonNode requesterToken = expect(asAdmin.post().uri("/api/tokens").body(Map.of("identity", requester,
                "name", "script")), 201).json();
        expect(asAdmin.post().uri("/api/identities").body(Map.of("name", approver, "role", "approver")), 200);
        JsonNode approverToken = expect(asAdmin.post().uri("/api/tokens").body(Map.of("identity", approver,
                "name", "script")), 201).json();
        RestClient asRequester = Reply.bearer(port, requesterToken.path("secret").asText());
        RestClient asApprover = Reply.bearer(port, approverToken.path("secret").asText());

        UUID id = UUID.fromString(expect(asRequester.post().uri("/api/projects").body(Map.of(
                "idea", "An audited shopping list #" + tag + "#", "workflow", "reviewed-software-company")), 201)
                .json().path("id").asText());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> projects.get(id).orElseThrow().status() == Project.Status.AWAITING_APPROVAL);
        String decision = "/api/projects/" + id + "/documents/prd/decision";
        // refused requests are no actions: neither a decision the role may not make nor one the API finds invalid
        expect(asRequester.post().uri(decision).body(Map.of("decision", "approve")), 403);
        expect(asApprover.post().uri(decision).body(Map.of("decision", "maybe")), 400);
        expect(asApprover.post().uri("/api/projects/{id}/budget", id).body(Map.of("decision", "raise", "usd", 5)), 200);
        expect(asApprover.post().uri(decision).body(Map.of("decision", "approve")), 202);
        String requesterTokenId = requesterToken.path("token").path("id").asText();
        expect(asAdmin.delete().uri("/api/tokens/{id}", requesterTokenId), 204);
        expect(asRequester.get().uri("/api/projects"), 401);
        expect(asAdmin.post().uri("/api/dead-letters/replay?projectId={id}", id), 200);

        List<JsonNode> entries = AuditReads.since(asAdmin, before,
                entry -> Set.of(admin, requester, approver).contains(entry.path("actor").asText()));
        assertThat(entries).extracting(e -> e.path("actor").asText(), e -> e.path("action").asText(),
                e -> e.path("target").asText()).containsExactly(
                tuple(admin, "identity.saved", requester),
                tuple(admin, "token.created", requesterTokenId),
                tuple(admin, "identity.saved", approver),
                tuple(admin, "token.created", approverToken.path("token").path("id").asText()),
                tuple(requester, "project.started", id.toString()),
                tuple(approver, "budget.raise", id.toString()),
                tuple(approver, "document.approved", id + "/prd"),
                tuple(admin, "token.revoked", requesterTokenId),
                tuple(admin, "dead-letters.replayed", id.toString()));
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.path("at").asText()).isNotBlank();
            // from where: the test's own address
            assertThat(entry.path("source").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        });
        // what it was about, and no secret: the token's entry names its identity, never the token
        assertThat(entries.get(1).path("detail").asText()).startsWith("for " + requester + ": script");
        assertThat(entries.toString()).doesNotContain(requesterToken.path("secret").asText())
                .doesNotContain(approverToken.path("secret").asText());
    }

    @Test
    void theHubsDatabaseUserCannotChangeOrRemoveAnEntry() {
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo(hubUser);
        String target = "append-only-" + AuditReads.tag();
        audit.record("audit-test", "test.appended", target, "appending is allowed", "test");
        long id = jdbc.queryForObject("select id from audit_log where target = ?", Long.class, target);
        long rows = count();

        for (String statement : List.of(
                "update audit_log set actor = 'mallory' where id = " + id,
                "delete from audit_log where id = " + id,
                "truncate audit_log",
                "truncate audit_log restart identity cascade")) {
            // in a transaction rolled back in any case: were the table not protected, the test database keeps its log
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                status.setRollbackOnly();
                jdbc.execute(statement);
            })).as(statement).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        }
        assertThat(jdbc.queryForObject("select actor from audit_log where id = ?", String.class, id))
                .isEqualTo("audit-test");
        assertThat(count()).isGreaterThanOrEqualTo(rows);
    }

    private long count() {
        Long count = jdbc.queryForObject("select count(*) from audit_log", Long.class);
        return count == null ? 0 : count;
    }

    private static Reply expect(RestClient.RequestHeadersSpec<?> request, int status) {
        Reply reply = Reply.of(request);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        return reply;
    }
}
