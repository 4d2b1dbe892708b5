package dev.vibecoder.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.workflow.WorkflowCatalog;
import dev.vibecoder.workflow.WorkflowDefinition;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The standard workflow end to end: REST in, eight documents out, on the real broker and database. */
class SoftwareCompanyFlowTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;
    @Autowired
    DocumentTypes types;
    @Autowired
    WorkflowCatalog workflows;

    @Test
    void anIdeaBecomesEveryDocumentOfTheWorkflowInOrderWithLineage() {
        UUID id = startProject("A command-line todo list manager that stores tasks in a JSON file", null);

        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);

        WorkflowDefinition workflow = workflows.get("software-company");
        List<Document> history = documents.history(id);
        // the order of first appearance of each type is the workflow's
        assertThat(history.stream().map(Document::docType).distinct().toList()).containsExactly(
                "prd", "system-design", "api-spec", "task-breakdown", "code", "workspace", "test-plan", "test-report",
                "deployment-guide", "user-docs");
        assertThat(history).allSatisfy(d -> {
            assertThat(d.version()).as(d.docType() + " " + d.subject()).isEqualTo(1);
            assertThat(d.parentId()).isNull();
            assertThat(types.get(d.docType()).validate(d.content())).as(d.docType()).isEmpty();
        });
        List<Document> code = history.stream().filter(d -> d.docType().equals("code")).toList();
        assertThat(code).hasSizeGreaterThan(1).allSatisfy(d -> assertThat(d.subject()).matches("T\\d+"));
        assertThat(documents.latest(id, "test-report").orElseThrow().outcome()).isEqualTo(Document.Outcome.PASSED);
        assertThat(documents.latest(id, "workspace").orElseThrow().outcome()).isEqualTo(Document.Outcome.PASSED);

        // lineage: each document was made from the current versions of its step's inputs
        for (Document made : history) {
            WorkflowDefinition.Step step = workflow.step(made.stepId());
            List<UUID> expected = new java.util.ArrayList<>();
            for (String type : step.inputs()) {
                history.stream().filter(d -> d.docType().equals(type)).map(Document::id).forEach(expected::add);
            }
            if (step.fansOutTasks()) {
                assertThat(made.inputIds()).as("inputs of " + made.subject()).containsAll(expected);
            } else {
                assertThat(made.inputIds()).as("inputs of " + step.id()).containsExactlyInAnyOrderElementsOf(expected);
            }
        }

        // the remote roles went through the providers' real wire formats; their token counts are the APIs'
        Document deployment = documents.latest(id, "deployment-guide").orElseThrow();
        assertThat(deployment.provider()).isEqualTo("openai");
        assertThat(deployment.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(deployment.inputTokens()).isEqualTo(OPENAI_PROMPT_TOKENS);
        assertThat(deployment.outputTokens()).isEqualTo(OPENAI_COMPLETION_TOKENS);
        assertThat(documents.latest(id, "user-docs").orElseThrow().inputTokens()).isEqualTo(ANTHROPIC_INPUT_TOKENS);
        assertThat(documents.latest(id, "prd").orElseThrow().provider()).isEqualTo("scripted");
        // the prompt carried the project's idea to the provider, inside its data tag
        STANDINS.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("A command-line todo list manager that stores tasks in a JSON file")));

        // every model call is on record, with tokens: one per role document, none for the hub's steps
        long roleDocuments = history.stream().filter(d -> d.llmCalls() > 0).count();
        assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ?", Integer.class, id))
                .isEqualTo((int) roleDocuments);
        assertThat(jdbc.queryForObject(
                "select input_tokens + output_tokens from llm_calls where project_id = ? and role = 'devops'",
                Integer.class, id)).isEqualTo(OPENAI_PROMPT_TOKENS + OPENAI_COMPLETION_TOKENS);

        // the timeline shows each step done, in the workflow's order
        List<String> done = projects.events(id, 0).stream().filter(e -> e.kind().equals("step.done"))
                .map(e -> e.stepId()).distinct().toList();
        assertThat(done).containsExactlyElementsOf(workflow.steps().stream().map(WorkflowDefinition.Step::id).toList());
    }

    @Test
    void documentsAreReadableAsJsonAndMarkdownThroughTheApi() {
        UUID id = startProject("Track my daily habits and show streaks", null);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);

        JsonNode detail = api().get().uri("/api/projects/{id}", id).retrieve().body(JsonNode.class);
        assertThat(detail.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(detail.path("stage").asText()).isEqualTo("completed");
        assertThat(detail.path("documents").findValuesAsText("type")).contains("prd", "code", "test-report", "user-docs");
        assertThat(detail.path("usage").path("calls").asInt()).isGreaterThanOrEqualTo(8);

        JsonNode prd = api().get().uri("/api/projects/{id}/documents/prd", id).retrieve().body(JsonNode.class);
        assertThat(prd.path("document").path("version").asInt()).isEqualTo(1);
        assertThat(prd.path("content").path("originalRequirements").asText())
                .contains("Track my daily habits and show streaks");

        ResponseEntity<String> markdown = api().get().uri("/api/projects/{id}/documents/system-design?format=markdown", id)
                .retrieve().toEntity(String.class);
        assertThat(markdown.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/markdown")))
                .isTrue();
        assertThat(markdown.getBody()).startsWith("# System Design").contains("## File list").contains("```mermaid");

        String byAccept = api().get().uri("/api/projects/{id}/documents/code?version=1&subject=T1", id)
                .accept(MediaType.parseMediaType("text/markdown")).retrieve().body(String.class);
        assertThat(byAccept).startsWith("# Code of T1").contains("```python");
    }
}
