package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.access.AccessRole;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.beans.factory.annotation.Autowired;

/** A review of a finished project runs it again from the workflow's revision step, with the review as feedback. */
class RevisionTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;

    @Test
    void aRevisionRedoesTheRevisionStepWithTheReviewAndEverythingBuiltOnIt() {
        RestClient rita = as("rita", AccessRole.REQUESTER);
        UUID id = UUID.fromString(rita.post().uri("/api/projects")
                .body(Map.of("idea", "A packing list for trips", "workflow", "quick-prototype")).retrieve()
                .body(JsonNode.class).path("id").asText());
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        List<Document> first = documents.latestOfEachType(id);

        assertThat(revise(rita, id, Map.of())).isEqualTo(400);
        assertThat(revise(rita, UUID.randomUUID(), Map.of("feedback", "x"))).isEqualTo(404);
        // a requester revises the projects it started only
        assertThat(revise(as("sam", AccessRole.REQUESTER), id, Map.of("feedback", "Make it purple"))).isEqualTo(403);
        // recorded under rita's identity, whatever name the body gives
        assertThat(revise(rita, id, Map.of("feedback", "Add a weight to every item and a total per bag", "by", "mallory")))
                .isEqualTo(202);
        assertThat(awaitRevised(id).status()).isEqualTo(Project.Status.COMPLETED);

        Document prd1 = documents.version(id, "prd", "", 1).orElseThrow();
        Document prd2 = documents.latest(id, "prd").orElseThrow();
        assertThat(prd1.approvalState()).isEqualTo(Document.ApprovalState.REJECTED);
        assertThat(prd1.approvedBy()).isEqualTo("rita");
        assertThat(prd2.parentId()).isEqualTo(prd1.id());
        assertThat(prd2.content().toString()).contains("Add a weight to every item and a total per bag");
        // every document built on the PRD has a second version made from the new one
        for (Document before : first) {
            Document after = documents.latest(id, before.docType(), before.subject()).orElseThrow();
            assertThat(after.version()).as(before.docType() + " " + before.subject()).isEqualTo(2);
            assertThat(after.parentId()).isEqualTo(before.id());
        }
        assertThat(projects.events(id, 0)).anySatisfy(e -> assertThat(e.message())
                .isEqualTo("revision requested by rita: Add a weight to every item and a total per bag"));
    }

    @Test
    void aProjectStillAtWorkCannotBeRevised() {
        UUID id = startProject("A reading tracker", "reviewed-software-company");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> projects.get(id).orElseThrow().status() == Project.Status.AWAITING_APPROVAL);
        assertThat(revise(api(), id, Map.of("feedback", "Add goals"))).isEqualTo(409);
        assertThat(documents.latest(id, "prd").orElseThrow().approvalState())
                .isEqualTo(Document.ApprovalState.PENDING);
    }

    private Project awaitRevised(UUID id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                documents.latest(id, "user-docs").orElseThrow().version() == 2
                        && projects.get(id).orElseThrow().status().finished());
        return projects.get(id).orElseThrow();
    }

    private int revise(RestClient client, UUID id, Map<String, String> body) {
        return client.post().uri("/api/projects/{id}/revisions", id).body(body)
                .exchange((request, response) -> response.getStatusCode().value());
    }
}
