package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.SlackStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints decided in Slack, end to end: the hub posts the question to (a stand-in of) Slack's
 * Web API, and Slack's signed interactivity requests come back to the hub's webhook.
 */
class SlackApprovalTest extends SlackFlowSupport {

    @Test
    void anApproversClickResumesTheProjectAndTheMessageShowsWhoDecided() {
        UUID id = parkedAtThePrd("A shared shopping list <!channel>");
        Document prd = pending(id, "prd");

        SlackStandIn.Call asked = awaitAsked(prd.id());
        assertThat(asked.authorization()).isEqualTo("Bearer " + SlackStandIn.BOT_TOKEN);
        assertThat(asked.field("channel")).isEqualTo(SlackStandIn.CHANNEL);
        assertThat(asked.field("text")).contains("Product Requirements Document v1").contains("waits for a decision");
        JsonNode blocks = asked.json("blocks");
        JsonNode buttons = actions(blocks);
        assertThat(buttons).hasSize(2);
        assertThat(buttons.get(0).path("action_id").asText()).isEqualTo(CheckpointMessages.APPROVE);
        assertThat(buttons.get(0).path("value").asText()).isEqualTo(prd.id().toString());
        assertThat(buttons.get(0).path("style").asText()).isEqualTo("primary");
        assertThat(buttons.get(1).path("action_id").asText()).isEqualTo(CheckpointMessages.REJECT);
        assertThat(buttons.get(1).path("value").asText()).isEqualTo(prd.id().toString());
        assertThat(buttons.get(1).path("style").asText()).isEqualTo("danger");
        // the document's REST view, never storage; the idea escaped, so it cannot ping the channel
        assertThat(blocks.toString())
                .contains("/api/projects/" + id + "/documents/prd?version=1&format=markdown|Read Product Requirements Document v1>")
                .contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        String ts = messageTs(prd.id());
        assertThat(ts).isEqualTo(asked.answerJson().path("ts").asText());

        Answer answer = fromSlack(click(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, CheckpointMessages.APPROVE,
                prd.id(), ts));
        assertThat(answer.status()).isEqualTo(200);

        Document approved = documents.get(prd.id());
        assertThat(approved.approvalState()).isEqualTo(ApprovalState.APPROVED);
        assertThat(approved.approvedBy()).isEqualTo("slack-U0APPROVER");
        assertThat(approved.approvedAt()).isNotNull();

        await().atMost(Duration.ofSeconds(20)).until(() -> updates(ts).size() == 1);
        SlackStandIn.Call update = updates(ts).get(0);
        assertThat(update.field("channel")).isEqualTo(SlackStandIn.CHANNEL);
        JsonNode shown = update.json("blocks");
        assertThat(actions(shown)).isEmpty();
        assertThat(shown.toString()).contains(":white_check_mark: *Approved* by <@U0APPROVER> at <!date^"
                + approved.approvedAt().toEpochSecond() + "^");
        assertThat(update.field("text")).isEqualTo("Product Requirements Document v1 approved by slack-U0APPROVER");

        // the project went on to the next checkpoint, which is asked about in turn
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "system-design").isPresent());
        awaitStatus(id, Project.Status.AWAITING_APPROVAL);
        awaitAsked(documents.latest(id, "system-design").orElseThrow().id());
        assertThat(api().get().uri("/api/projects/{id}/events", id).retrieve().body(String.class))
                .contains("prd v1 approved by slack-U0APPROVER");
        assertThat(SlackStandIn.refused()).isEmpty();
    }

    @Test
    void clicksFromOthersOrNotSignedBySlackChangeNothing() {
        UUID id = parkedAtThePrd("A tide table for anglers");
        Document prd = pending(id, "prd");
        awaitAsked(prd.id());
        String ts = messageTs(prd.id());
        String approve = click(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, CheckpointMessages.APPROVE, prd.id(),
                ts);
        long now = Instant.now().getEpochSecond();

        // a user who is not an approver: told so privately, nothing else
        Answer bystander = fromSlack(click("U0BYSTANDER", "bob", CheckpointMessages.APPROVE, prd.id(), ts));
        assertThat(bystander.status()).isEqualTo(200);
        List<SlackStandIn.Call> told = SlackStandIn.calls("chat.postEphemeral").stream()
                .filter(call -> "U0BYSTANDER".equals(call.field("user"))).toList();
        assertThat(told).hasSize(1);
        assertThat(told.get(0).field("channel")).isEqualTo(SlackStandIn.CHANNEL);
        assertThat(told.get(0).field("text")).contains("Only VibeCoder's approvers may decide").contains("Nothing was changed");
        Answer bystanderRejects = fromSlack(submitReason("U0BYSTANDER", "bob", prd.id(), "I do not like it"));
        assertThat(bystanderRejects.status()).isEqualTo(200);
        assertThat(bystanderRejects.body()).contains("\"response_action\":\"errors\"").contains("Only VibeCoder's approvers");

        // an approver's click, but stale, forged or unsigned: 401 with the reason
        String stale = String.valueOf(now - 301);
        Answer replayed = send(approve, stale, sign(SlackStandIn.SIGNING_SECRET, stale, approve));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).contains("more than 5 minutes");
        Answer forged = send(approve, String.valueOf(now), sign("not-the-signing-secret", String.valueOf(now), approve));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("does not match");
        // signed, then changed on the way
        String signed = sign(SlackStandIn.SIGNING_SECRET, String.valueOf(now), approve);
        Answer tampered = send(approve.replace(SlackStandIn.APPROVER, "U0BYSTANDER"), String.valueOf(now), signed);
        assertThat(tampered.status()).isEqualTo(401);
        Answer unsigned = send(approve, null, null);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.body()).contains("X-Slack-Signature headers are required");

        // signed, but not what Slack sends: a clear 400
        Answer noPayload = fromSlack("text=approve");
        assertThat(noPayload.status()).isEqualTo(400);
        assertThat(noPayload.body()).contains("a form field 'payload'");
        Answer notAForm = fromSlack("payload=%7B%E0%A4%A");
        assertThat(notAForm.status()).isEqualTo(400);
        assertThat(notAForm.body()).contains("is not form-encoded");

        Document still = documents.get(prd.id());
        assertThat(still.approvalState()).isEqualTo(ApprovalState.PENDING);
        assertThat(still.approvedBy()).isNull();
        assertThat(projects.get(id).orElseThrow().status()).isEqualTo(Project.Status.AWAITING_APPROVAL);
        assertThat(documents.latest(id, "system-design")).isEmpty();
        assertThat(updates(ts)).isEmpty();
        assertThat(SlackStandIn.calls("views.open").stream()
                .filter(call -> call.field("view").contains(prd.id().toString()))).isEmpty();

        // and the approver's own, properly signed click still decides
        assertThat(fromSlack(approve).status()).isEqualTo(200);
        assertThat(documents.get(prd.id()).approvalState()).isEqualTo(ApprovalState.APPROVED);
        // a second click on the same buttons: already decided, said privately, no second decision
        assertThat(fromSlack(approve).status()).isEqualTo(200);
        assertThat(SlackStandIn.calls("chat.postEphemeral").stream()
                .filter(call -> SlackStandIn.APPROVER.equals(call.field("user")))
                .filter(call -> call.field("text").contains("not waiting for a decision any more: approved by slack-U0APPROVER"))
        ).hasSize(1);
    }

    @Test
    void aRejectionAsksForAReasonWhichBecomesTheFeedbackOfTheNextVersion() {
        UUID id = parkedAtThePrd("A recipe scaler for bakers");
        Document v1 = pending(id, "prd");
        awaitAsked(v1.id());
        String ts = messageTs(v1.id());

        String click = click(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, CheckpointMessages.REJECT, v1.id(), ts);
        assertThat(fromSlack(click).status()).isEqualTo(200);
        String trigger = payloadOf(click).path("trigger_id").asText();
        List<SlackStandIn.Call> opened = SlackStandIn.calls("views.open").stream()
                .filter(call -> trigger.equals(call.field("trigger_id"))).toList();
        assertThat(opened).hasSize(1);
        JsonNode modal = opened.get(0).json("view");
        assertThat(modal.path("type").asText()).isEqualTo("modal");
        assertThat(modal.path("callback_id").asText()).isEqualTo(CheckpointMessages.REJECT_MODAL);
        assertThat(modal.path("private_metadata").asText()).isEqualTo(v1.id().toString());
        JsonNode input = modal.path("blocks").path(1);
        assertThat(input.path("type").asText()).isEqualTo("input");
        assertThat(input.path("block_id").asText()).isEqualTo(CheckpointMessages.REASON_BLOCK);
        assertThat(input.path("element").path("action_id").asText()).isEqualTo(CheckpointMessages.REASON_INPUT);
        // opening the modal decides nothing
        assertThat(documents.get(v1.id()).approvalState()).isEqualTo(ApprovalState.PENDING);

        Answer blank = fromSlack(submitReason(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, v1.id(), "  "));
        assertThat(blank.status()).isEqualTo(200);
        assertThat(blank.body()).contains("\"response_action\":\"errors\"").contains("A reason is required");
        assertThat(documents.get(v1.id()).approvalState()).isEqualTo(ApprovalState.PENDING);

        Answer submitted = fromSlack(submitReason(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, v1.id(),
                "Add offline sync to the goals"));
        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.body()).isEmpty();

        Document rejected = documents.get(v1.id());
        assertThat(rejected.approvalState()).isEqualTo(ApprovalState.REJECTED);
        assertThat(rejected.approvedBy()).isEqualTo("slack-U0APPROVER");
        assertThat(rejected.approvalComment()).isEqualTo("Add offline sync to the goals");
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "prd").orElseThrow().version() == 2);
        Document v2 = documents.latest(id, "prd").orElseThrow();
        assertThat(v2.parentId()).isEqualTo(v1.id());
        assertThat(v2.content().toString()).contains("Add offline sync to the goals");

        await().atMost(Duration.ofSeconds(20)).until(() -> updates(ts).size() == 1);
        assertThat(updates(ts).get(0).json("blocks").toString())
                .contains(":x: *Rejected* by <@U0APPROVER>").contains(">Add offline sync to the goals");
        // the new version is asked about in a message of its own
        awaitAsked(v2.id());
        assertThat(messageTs(v2.id())).isNotEqualTo(ts);
    }

    private static JsonNode payloadOf(String form) {
        try {
            return JSON.readTree(java.net.URLDecoder.decode(form.substring("payload=".length()), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The buttons of a message's actions block (empty when it has none). */
    private static JsonNode actions(JsonNode blocks) {
        for (JsonNode block : blocks) {
            if ("actions".equals(block.path("type").asText())) {
                assertThat(block.path("block_id").asText()).isEqualTo(CheckpointMessages.DECISION_BLOCK);
                return block.path("elements");
            }
        }
        return JSON.createArrayNode();
    }

    @Test
    void aSlackClickAndARestCallByTheSameLinkedPersonAreRecordedAsOneIdentity() {
        // linda, an approver whose Slack account an admin linked to her identity
        api().post().uri("/api/identities").body(Map.of("name", "linda", "role", "approver")).retrieve()
                .toBodilessEntity();
        api().post().uri("/api/identities/linda/links").body(Map.of("channel", "slack", "externalId", "U0LINDA"))
                .retrieve().toBodilessEntity();
        UUID id = parkedAtThePrd("A recipe box for a family");
        Document prd = pending(id, "prd");
        awaitAsked(prd.id());
        assertThat(fromSlack(click("U0LINDA", "linda.s", CheckpointMessages.APPROVE, prd.id(), messageTs(prd.id())))
                .status()).isEqualTo(200);
        assertThat(documents.get(prd.id()).approvedBy()).isEqualTo("linda");

        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "system-design").isPresent());
        awaitStatus(id, Project.Status.AWAITING_APPROVAL);
        int status = as("linda", dev.vibecoder.access.AccessRole.APPROVER).post()
                .uri("/api/projects/{id}/documents/system-design/decision", id)
                .body(Map.of("decision", "approve", "by", "someone else")).retrieve().toBodilessEntity()
                .getStatusCode().value();
        assertThat(status).isEqualTo(202);
        assertThat(documents.latest(id, "system-design").orElseThrow().approvedBy()).isEqualTo("linda");
        assertThat(jdbc.queryForList("""
                select source from audit_log where actor = 'linda' and action = 'document.approved'
                   and target in (?, ?) order by id
                """, String.class, id + "/prd", id + "/system-design"))
                .hasSize(2).first().isEqualTo("slack");
        // the message shows her as a mention of her Slack account
        await().atMost(Duration.ofSeconds(20)).until(() -> updates(messageTs(prd.id())).size() == 1);
        assertThat(updates(messageTs(prd.id())).get(0).json("blocks").toString()).contains("*Approved* by <@U0LINDA>");
    }
}
