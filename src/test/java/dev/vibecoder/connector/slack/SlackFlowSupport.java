package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.SlackStandIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The Slack side of the flow tests: Slack's requests to the hub, and what the hub asked of Slack. */
abstract class SlackFlowSupport extends FlowTestSupport {

    @Autowired
    DocumentStore documents;

    /** What the hub answered Slack. */
    record Answer(int status, String body) {
    }

    /** Starts a project that parks at its PRD. */
    UUID parkedAtThePrd(String idea) {
        UUID id = startProject(idea, "reviewed-software-company");
        awaitStatus(id, Project.Status.AWAITING_APPROVAL);
        return id;
    }

    void awaitStatus(UUID id, Project.Status status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> projects.get(id).orElseThrow().status() == status);
    }

    /** The message asking for a decision on a document, once the hub has posted it. */
    SlackStandIn.Call awaitAsked(UUID documentId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> asked(documentId).size() == 1);
        return asked(documentId).get(0);
    }

    /** Top-level messages whose buttons decide on a document. */
    static List<SlackStandIn.Call> asked(UUID documentId) {
        return SlackStandIn.calls("chat.postMessage").stream()
                .filter(call -> call.field("thread_ts") == null && call.field("blocks") != null)
                .filter(call -> buttonValues(call.json("blocks")).contains(documentId.toString()))
                .toList();
    }

    /** Updates of the message with this ts. */
    static List<SlackStandIn.Call> updates(String ts) {
        return SlackStandIn.calls("chat.update").stream().filter(call -> ts.equals(call.field("ts"))).toList();
    }

    /** Replies in the thread of the message with this ts. */
    static List<SlackStandIn.Call> replies(String ts) {
        return SlackStandIn.calls("chat.postMessage").stream().filter(call -> ts.equals(call.field("thread_ts")))
                .toList();
    }

    static List<String> buttonValues(JsonNode blocks) {
        return blocks.findValues("elements").stream().flatMap(elements -> java.util.stream.StreamSupport
                .stream(elements.spliterator(), false)).filter(e -> "button".equals(e.path("type").asText()))
                .map(e -> e.path("value").asText()).toList();
    }

    /** A click on one of a checkpoint message's buttons, as Slack sends it. */
    String click(String userId, String userName, String actionId, UUID documentId, String messageTs) {
        return click(userId, userName, actionId, documentId.toString(), messageTs);
    }

    /** A click on a button with this value (a budget checkpoint's buttons carry the raise they offer). */
    String click(String userId, String userName, String actionId, String value, String messageTs) {
        ObjectNode payload = JSON.createObjectNode().put("type", "block_actions")
                .put("api_app_id", "A0VIBECODER").put("token", "legacy-verification-token-unused")
                .put("trigger_id", "1234567890.0987654321." + UUID.randomUUID().toString().replace("-", ""))
                .put("response_url", "https://hooks.slack.invalid/actions/T0STANDIN/1/xyz").put("is_enterprise_install", false);
        payload.putObject("user").put("id", userId).put("username", userName).put("name", userName)
                .put("team_id", "T0STANDIN");
        payload.putObject("team").put("id", "T0STANDIN").put("domain", "vibecoder-standin");
        payload.putObject("container").put("type", "message").put("message_ts", messageTs)
                .put("channel_id", SlackStandIn.CHANNEL).put("is_ephemeral", false);
        payload.putObject("channel").put("id", SlackStandIn.CHANNEL).put("name", "vibecoder-approvals");
        payload.putObject("message").put("type", "message").put("ts", messageTs).put("bot_id", "B0VIBEBOT");
        ObjectNode action = payload.putArray("actions").addObject().put("type", "button").put("action_id", actionId)
                .put("block_id", CheckpointMessages.DECISION_BLOCK).put("value", value)
                .put("action_ts", Instant.now().getEpochSecond() + ".000200");
        action.putObject("text").put("type", "plain_text").put("text", "Approve").put("emoji", true);
        return form(payload);
    }

    /** The reject modal submitted, as Slack sends it. */
    String submitReason(String userId, String userName, UUID documentId, String reason) {
        ObjectNode payload = JSON.createObjectNode().put("type", "view_submission")
                .put("api_app_id", "A0VIBECODER").put("token", "legacy-verification-token-unused")
                .put("trigger_id", "1234567890.1.abc");
        payload.putObject("user").put("id", userId).put("username", userName).put("name", userName)
                .put("team_id", "T0STANDIN");
        payload.putObject("team").put("id", "T0STANDIN").put("domain", "vibecoder-standin");
        ObjectNode view = payload.putObject("view").put("id", "V0STANDIN").put("type", "modal")
                .put("callback_id", CheckpointMessages.REJECT_MODAL).put("private_metadata", documentId.toString())
                .put("team_id", "T0STANDIN").put("hash", "1700000000.abc");
        ObjectNode value = view.putObject("state").putObject("values").putObject(CheckpointMessages.REASON_BLOCK)
                .putObject(CheckpointMessages.REASON_INPUT).put("type", "plain_text_input");
        if (reason == null) {
            value.putNull("value");
        } else {
            value.put("value", reason);
        }
        payload.putArray("response_urls");
        return form(payload);
    }

    private static String form(JsonNode payload) {
        return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
    }

    /** Sends an interaction signed with Slack's signing secret, now. */
    Answer fromSlack(String body) {
        long now = Instant.now().getEpochSecond();
        return send(body, String.valueOf(now), sign(SlackStandIn.SIGNING_SECRET, String.valueOf(now), body));
    }

    /** The {@code v0=} signature Slack sends with a request, made with Slack's SDK. */
    static String sign(String signingSecret, String timestamp, String body) {
        return new SlackSignature.Generator(signingSecret).generate(timestamp, body);
    }

    /** Sends an interaction with the given headers (null: left out). */
    Answer send(String body, String timestamp, String signature) {
        return api().post().uri("/webhooks/slack/interactions")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .headers(headers -> {
                    if (timestamp != null) {
                        headers.set("X-Slack-Request-Timestamp", timestamp);
                    }
                    if (signature != null) {
                        headers.set("X-Slack-Signature", signature);
                    }
                    headers.set(HttpHeaders.USER_AGENT, "Slackbot 1.0 (+https://api.slack.com/robots)");
                })
                .body(body)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                        new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    Document pending(UUID projectId, String type) {
        Document document = documents.latest(projectId, type).orElseThrow();
        assertThat(document.approvalState()).isEqualTo(Document.ApprovalState.PENDING);
        return document;
    }

    String messageTs(UUID documentId) {
        return jdbc.queryForObject("select ts from slack_messages where document_id = ?", String.class, documentId);
    }
}
