package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Checkpoints defined by the workflow park the project until a human decides through the REST API. */
class CheckpointTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;

    @Test
    void aRejectionMakesANewVersionWithTheFeedbackAndApprovalsResumeTheFlow() {
        UUID id = startProject("A shared shopping list", "reviewed-software-company");

        awaitStatus(id, Project.Status.AWAITING_APPROVAL);
        assertThat(projects.get(id).orElseThrow().statusReason()).isEqualTo("waiting for a decision on prd v1");
        assertThat(documents.latest(id, "system-design")).isEmpty();

        // a rejection needs a reason
        assertThat(decide(id, "prd", Map.of("decision", "reject", "by", "alice"))).isEqualTo(400);
        assertThat(decide(id, "prd", Map.of("decision", "reject", "by", "alice",
                "comment", "Add offline sync to the goals"))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "prd").orElseThrow().version() == 2);
        awaitStatus(id, Project.Status.AWAITING_APPROVAL);
        Document v1 = documents.version(id, "prd", "", 1).orElseThrow();
        Document v2 = documents.latest(id, "prd").orElseThrow();
        assertThat(v1.approvalState()).isEqualTo(Document.ApprovalState.REJECTED);
        assertThat(v1.approvedBy()).isEqualTo("alice");
        assertThat(v2.parentId()).isEqualTo(v1.id());
        assertThat(v2.approvalState()).isEqualTo(Document.ApprovalState.PENDING);
        assertThat(v2.content().toString()).contains("Add offline sync to the goals");

        assertThat(decide(id, "prd", Map.of("decision", "approve", "by", "alice"))).isEqualTo(202);
        // deciding twice is a conflict, not a second event
        assertThat(decide(id, "prd", Map.of("decision", "approve", "by", "bob"))).isEqualTo(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "system-design").isPresent());
        awaitStatus(id, Project.Status.AWAITING_APPROVAL);
        assertThat(documents.latest(id, "system-design").orElseThrow().inputIds()).containsExactly(v2.id());

        assertThat(decide(id, "system-design", Map.of("decision", "approve", "by", "bob"))).isEqualTo(202);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        assertThat(documents.history(id)).filteredOn(d -> d.docType().equals("prd")).hasSize(2);
        assertThat(documents.history(id)).filteredOn(d -> !d.docType().equals("prd"))
                .allSatisfy(d -> assertThat(d.version()).isEqualTo(1));
        JsonNode events = api().get().uri("/api/projects/{id}/events", id).retrieve().body(JsonNode.class);
        assertThat(events.toString()).contains("prd v1 rejected by alice: Add offline sync to the goals")
                .contains("prd v2 approved by alice");
    }

    private int decide(UUID id, String type, Map<String, String> body) {
        return api().post().uri("/api/projects/{id}/documents/{type}/decision", id, type).body(body)
                .exchange((request, response) -> response.getStatusCode().value());
    }

    private void awaitStatus(UUID id, Project.Status status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> projects.get(id).orElseThrow().status() == status);
    }

}
