package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Block Kit of a checkpoint as it goes over the wire (serialised by Slack's SDK). */
class CheckpointMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Gson SLACK_WIRE = GsonFactory.createSnakeCase();
    private static final UUID PROJECT = UUID.fromString("3f2a0c1e-0000-4000-8000-000000000001");
    private static final String IDEA = "A shared shopping list <!here> & <https://evil.example|your bank>";

    private final CheckpointMessages messages = new CheckpointMessages(
            new DocumentTypes(new ConfigFiles(Path.of("config")), JSON), new PublicLinks("https://hub.example/"), null);
    private final Project project = new Project(PROJECT, IDEA, "reviewed-software-company", null, "api",
            Project.Status.AWAITING_APPROVAL, null, OffsetDateTime.now(), OffsetDateTime.now(), null);

    @Test
    void aWaitingDocumentIsSummedUpLinkedAndHasTwoButtons() throws Exception {
        Document prd = prd(ApprovalState.PENDING, null, null, null);

        CheckpointMessages.Message message = messages.waiting(project, prd);
        JsonNode blocks = wire(message);

        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("text").asText())
                .isEqualTo("Product Requirements Document v1 waits for approval");
        String text = blocks.toString();
        assertThat(text).contains("<https://hub.example/api/projects/" + PROJECT + "|A shared shopping list")
                .contains("<https://hub.example/api/projects/" + PROJECT
                        + "/documents/prd?version=1&format=markdown|Read Product Requirements Document v1>")
                .contains("*Step:* requirements, written by product-manager")
                // the digest: short facts on one line, then the first longer fields
                .contains("• Language: en · Programming language: Python · Project name: shared_list")
                .contains("*Product goals (2):* Share one list; Sync in real time")
                // nothing from the idea or the model can mention a channel or hide a link
                .contains("&lt;!here&gt; &amp; &lt;https://evil.example¦your bank&gt;")
                .doesNotContain("<!here>").doesNotContain("<https://evil.example");
        JsonNode actions = blocks.get(blocks.size() - 1);
        assertThat(actions.path("type").asText()).isEqualTo("actions");
        assertThat(actions.path("block_id").asText()).isEqualTo(CheckpointMessages.DECISION_BLOCK);
        JsonNode approve = actions.path("elements").get(0);
        assertThat(approve.path("action_id").asText()).isEqualTo(CheckpointMessages.APPROVE);
        assertThat(approve.path("value").asText()).isEqualTo(prd.id().toString());
        assertThat(approve.path("confirm").path("title").path("text").asText())
                .isEqualTo("Approve Product Requirements Document v1?");
        JsonNode reject = actions.path("elements").get(1);
        assertThat(reject.path("action_id").asText()).isEqualTo(CheckpointMessages.REJECT);
        assertThat(reject.path("style").asText()).isEqualTo("danger");
        assertThat(message.text()).startsWith("Product Requirements Document v1 of \"A shared shopping list");
    }

    @Test
    void aDecidedDocumentShowsWhoDecidedInsteadOfTheButtons() throws Exception {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 24, 23, 58, 0, 0, ZoneOffset.UTC);
        JsonNode bySlack = wire(messages.decided(project, prd(ApprovalState.REJECTED, "alice (Slack U0123ABCD)", at,
                "Add offline <sync>")));
        assertThat(bySlack.findValues("type").stream().map(JsonNode::asText)).doesNotContain("actions");
        assertThat(bySlack.get(0).path("text").path("text").asText()).isEqualTo("Product Requirements Document v1 rejected");
        assertThat(bySlack.toString()).contains(":x: *Rejected* by <@U0123ABCD> at <!date^" + at.toEpochSecond()
                + "^{date_short_pretty} at {time}|2026-11-24 23:58 UTC>\\n>Add offline &lt;sync&gt;");

        // through the REST API anyone can give any name: it is shown as text, never as a mention
        JsonNode byApi = wire(messages.decided(project, prd(ApprovalState.APPROVED, "bob <@U999>", at, null)));
        assertThat(byApi.toString()).contains("*Approved* by bob &lt;@U999&gt; at");
        JsonNode byTimeout = wire(messages.decided(project, prd(ApprovalState.APPROVED, "timeout", at, "no decision")));
        assertThat(byTimeout.toString()).contains("*Approved* by the checkpoint timeout at");
    }

    @Test
    void aFailureAfterItsFixAttemptsSaysSo() throws Exception {
        JsonNode report = JSON.readTree("""
                {"status": "FAILED", "command": "python3 -m unittest", "sandboxOutcome": "COMPLETED", "exitCode": 1,
                 "passed": 3, "failed": 1, "errors": 0, "skipped": 0, "durationMs": 812, "workspaceVersion": 4,
                 "outputExcerpt": "FAIL: test_total (tests.test_cart.CartTest)\\nAssertionError: 3 != 4"}
                """);
        Document failed = new Document(UUID.randomUUID(), PROJECT, "test-report", "", 4, "testing", "k", null, List.of(),
                "hub", "hub", "sandbox", report, 0, 0, 0, Document.Outcome.FAILED, ApprovalState.PENDING, null, null,
                null, OffsetDateTime.now());
        JsonNode blocks = wire(messages.waiting(project, failed));
        assertThat(blocks.get(0).path("text").path("text").asText())
                .isEqualTo("Test Report v4 failed and its fix attempts are used up");
        assertThat(blocks.toString()).contains("made by the hub").contains("reject it with advice for one more fix")
                .contains("Status: FAILED · Command: python3 -m unittest · Sandbox outcome: COMPLETED");
        assertThat(messages.rejectModal(failed).getTitle().getText()).hasSizeLessThanOrEqualTo(24);
    }

    private static JsonNode wire(CheckpointMessages.Message message) throws Exception {
        return JSON.readTree(SLACK_WIRE.toJson(message.blocks()));
    }

    private static Document prd(ApprovalState state, String by, OffsetDateTime at, String comment) throws Exception {
        JsonNode content = JSON.readTree("""
                {"language": "en", "programmingLanguage": "Python", "originalRequirements": "%s",
                 "projectName": "shared_list", "productGoals": ["Share one list", "Sync in real time"],
                 "userStories": [{"story": "As a shopper I add items <b>fast</b>"}],
                 "requirementAnalysis": "Lists are shared by link. Changes sync within a second. Offline edits merge later."}
                """.formatted(IDEA.replace("\"", "\\\"")));
        return new Document(UUID.fromString("00000000-0000-4000-8000-0000000000aa"), PROJECT, "prd", "", 1,
                "requirements", "k", null, List.of(), "product-manager", "offline", "offline", content, 0, 0, 1, null,
                state, by, at, comment, OffsetDateTime.now());
    }
}
