package dev.vibecoder.connector.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.util.JsonPayloadExtractor;
import dev.vibecoder.access.AccessRole;
import dev.vibecoder.access.AuditLog;
import dev.vibecoder.access.Identities;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.workflow.Approvals;
import dev.vibecoder.workflow.BudgetCheckpoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Clicks on a checkpoint message's buttons, and the reason modal's submission, from Slack's
 * interactivity requests (already verified as Slack's). Only approvers decide; anyone else is told
 * so privately and nothing changes. Decisions go through {@code direct:decide} like the REST API's,
 * and the message shows them once the decision's event comes back.
 */
@Component
public class SlackInteractions {

    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractions.class);
    private static final JsonPayloadExtractor PAYLOAD = new JsonPayloadExtractor();
    private static final String GONE = "This message's document no longer exists. Nothing was changed.";
    private static final String NOT_AN_APPROVER = "Only VibeCoder's approvers may decide at checkpoints: your Slack"
            + " account is not linked to an identity with the approver role (an admin links it; docs/security.md)."
            + " Nothing was changed.";

    /**
     * The answer to Slack: 200 with no body acknowledges (and closes a modal), a body with
     * {@code response_action: errors} shows errors in the modal.
     */
    public record Reply(Map<String, Object> body) {
        static Reply ok() {
            return new Reply(null);
        }

        static Reply modalError(String message) {
            return new Reply(Map.of("response_action", "errors",
                    "errors", Map.of(CheckpointMessages.REASON_BLOCK, message)));
        }
    }

    private final SlackWebApi slack;
    private final CheckpointMessages layouts;
    private final DocumentTypes types;
    private final SlackCheckpoints checkpoints;
    private final DocumentStore documents;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Identities identities;
    private final AuditLog audit;

    public SlackInteractions(SlackWebApi slack, CheckpointMessages layouts,
            DocumentTypes types, SlackCheckpoints checkpoints, DocumentStore documents, ProducerTemplate camel,
            ObjectMapper json, Identities identities, AuditLog audit) {
        this.identities = identities;
        this.audit = audit;
        this.slack = slack;
        this.layouts = layouts;
        this.types = types;
        this.checkpoints = checkpoints;
        this.documents = documents;
        this.camel = camel;
        this.json = json;
    }

    /** A verified interactivity request: the form-encoded body with its one {@code payload} field. */
    public Reply handle(byte[] body) {
        JsonNode payload = payload(body);
        String type = payload.path("type").asText();
        return switch (type) {
            case "block_actions" -> buttonClicked(payload);
            case "view_submission" -> reasonSubmitted(payload);
            default -> throw new InvalidInput("payload.type", "'" + type + "' is not an interaction VibeCoder offers"
                    + " (block_actions, view_submission)");
        };
    }

    private Reply buttonClicked(JsonNode payload) {
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asText();
        if (BudgetMessages.RAISE.equals(actionId) || BudgetMessages.STOP.equals(actionId)) {
            return budgetClicked(payload, action, actionId);
        }
        if (!CheckpointMessages.APPROVE.equals(actionId) && !CheckpointMessages.REJECT.equals(actionId)) {
            throw new InvalidInput("payload.actions[0].action_id", "'" + actionId + "' is not a VibeCoder button");
        }
        UUID documentId = uuid(action.path("value").asText(), "payload.actions[0].value");
        String userId = payload.path("user").path("id").asText();
        String channel = payload.path("channel").path("id").asText(payload.path("container").path("channel_id").asText());
        Optional<String> approver = approver(userId);
        if (approver.isEmpty()) {
            LOG.info("Slack user {} is not an approver: {} on document {} refused", userId, actionId, documentId);
            tell(channel, userId, NOT_AN_APPROVER);
            return Reply.ok();
        }
        Optional<Document> found = find(documentId);
        Optional<String> notWaiting = found.isEmpty() ? Optional.of(GONE) : notWaiting(found.get());
        if (notWaiting.isPresent()) {
            tell(channel, userId, notWaiting.get());
            return Reply.ok();
        }
        Document document = found.get();
        if (actionId.equals(CheckpointMessages.REJECT)) {
            // the reason comes with the modal's submission; the trigger is valid for 3 s
            try {
                slack.openModal(payload.path("trigger_id").asText(), layouts.rejectModal(document));
            } catch (SlackWebApi.SlackCallFailed e) {
                LOG.warn("could not open the reason dialog for {}: {}", document.id(), e.getMessage());
                tell(channel, userId, "The dialog asking for your reason did not open (" + e.error()
                        + "). Click Reject again; nothing was changed.");
            }
            return Reply.ok();
        }
        decide(document, true, approver.get(), null).ifPresent(problem -> tell(channel, userId, problem));
        return Reply.ok();
    }

    /** Raise or Stop on a budget checkpoint's message: a decision through {@code direct:budget-decision}. */
    private Reply budgetClicked(JsonNode payload, JsonNode action, String actionId) {
        BudgetMessages.Offer offer;
        try {
            offer = BudgetMessages.Offer.parse(action.path("value").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("payload.actions[0].value", e.getMessage());
        }
        String userId = payload.path("user").path("id").asText();
        String channel = payload.path("channel").path("id").asText(payload.path("container").path("channel_id").asText());
        Optional<String> approver = approver(userId);
        if (approver.isEmpty()) {
            LOG.info("Slack user {} is not an approver: {} on project {} refused", userId, actionId, offer.projectId());
            tell(channel, userId, NOT_AN_APPROVER);
            return Reply.ok();
        }
        boolean raise = BudgetMessages.RAISE.equals(actionId);
        try {
            camel.requestBody("direct:budget-decision", new BudgetCheckpoint.Decision(offer.projectId(),
                    raise ? "raise" : "reject", raise ? offer.usd() : null, raise ? offer.tokens() : null,
                    approver.get(), raise ? null : "stopped in Slack at the budget checkpoint", true));
            audit.record(approver.get(), raise ? "budget.raise" : "budget.reject", offer.projectId().toString(),
                    raise ? "to " + offer.usd() + " USD, " + offer.tokens() + " tokens" : null, "slack " + userId);
            LOG.info("budget of project {} {} in Slack", offer.projectId(), raise ? "raised" : "rejected");
        } catch (CamelExecutionException e) {
            // (the route's exception, possibly wrapped on its way out)
            Optional<RuntimeException> refusal = refusal(e);
            if (refusal.isPresent()) {
                tell(channel, userId, refusal.get().getMessage() + ". Nothing was changed.");
                return Reply.ok();
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return Reply.ok();
    }

    private Reply reasonSubmitted(JsonNode payload) {
        JsonNode view = payload.path("view");
        if (!CheckpointMessages.REJECT_MODAL.equals(view.path("callback_id").asText())) {
            throw new InvalidInput("payload.view.callback_id", "'" + view.path("callback_id").asText()
                    + "' is not a VibeCoder modal");
        }
        String userId = payload.path("user").path("id").asText();
        Optional<String> approver = approver(userId);
        if (approver.isEmpty()) {
            LOG.info("Slack user {} is not an approver: rejection refused", userId);
            return Reply.modalError(NOT_AN_APPROVER);
        }
        UUID documentId = uuid(view.path("private_metadata").asText(), "payload.view.private_metadata");
        String reason = view.path("state").path("values").path(CheckpointMessages.REASON_BLOCK)
                .path(CheckpointMessages.REASON_INPUT).path("value").asText("").strip();
        if (reason.isEmpty()) {
            return Reply.modalError("A reason is required: it is the feedback for the next version.");
        }
        Optional<Document> found = find(documentId);
        Optional<String> notWaiting = found.isEmpty() ? Optional.of(GONE) : notWaiting(found.get());
        if (notWaiting.isPresent()) {
            return Reply.modalError(notWaiting.get());
        }
        return decide(found.get(), false, approver.get(), reason).map(Reply::modalError).orElseGet(Reply::ok);
    }

    /** The document's head: its state and what names it; a message's content is read only to render it. */
    private Optional<Document> find(UUID documentId) {
        try {
            return Optional.of(documents.head(documentId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Why a document cannot be decided from its message any more (decided already), or empty when it can. */
    private Optional<String> notWaiting(Document document) {
        String label = types.label(document);
        if (document.approvalState() != ApprovalState.PENDING) {
            refresh(document);
            return Optional.of(label + " is not waiting for a decision any more: "
                    + document.approvalState().name().toLowerCase() + (document.approvedBy() == null ? ""
                    : " by " + document.approvedBy()) + ".");
        }
        return Optional.empty();
    }

    /** Records the decision; the reason it could not be made, if someone else decided first. */
    private Optional<String> decide(Document document, boolean approve, String by, String reason) {
        try {
            camel.requestBody("direct:decide", new Approvals.Decision(document.projectId(), document.docType(),
                    document.id(), approve, by, reason));
            audit.record(by, "document." + (approve ? "approved" : "rejected"), document.projectId() + "/"
                    + document.docType(), reason, "slack");
            LOG.info("{} {} in Slack by {}", types.label(document), approve ? "approved" : "rejected", by);
            return Optional.empty();
        } catch (CamelExecutionException e) {
            Optional<RuntimeException> refusal = refusal(e);
            if (refusal.isPresent()) {
                return Optional.of(refusal.get().getMessage());
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A decision the route refused as an ordinary answer (decided already, a bad amount), anywhere in the causes. */
    private static Optional<RuntimeException> refusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof Approvals.NotAwaitingDecision || cause instanceof InvalidInput) {
                return Optional.of((RuntimeException) cause);
            }
        }
        return Optional.empty();
    }

    /** A message shown by a stale click: bring it up to date (best effort, the answer matters more). */
    private void refresh(Document document) {
        try {
            checkpoints.show(document);
        } catch (RuntimeException e) {
            LOG.warn("could not update the Slack message of {}: {}", document.id(), e.getMessage());
        }
    }

    /** An answer only the clicking user sees. */
    private void tell(String channel, String userId, String text) {
        try {
            slack.ephemeral(channel, userId, text);
        } catch (RuntimeException e) {
            LOG.warn("could not answer Slack user {}: {}", userId, e.getMessage());
        }
    }

    /**
     * The identity a Slack user acts as, when it may decide: its account is linked to an identity with
     * the approver role (the allow-list vibecoder.slack.approvers is linked at start-up).
     */
    private Optional<String> approver(String userId) {
        return identities.linked(Identities.Channel.SLACK, userId)
                .filter(identity -> identity.role().includes(AccessRole.APPROVER)).map(Identities.Identity::name);
    }
    /** The interaction's JSON: the form field {@code payload}, taken out as Slack's SDK does. */
    private JsonNode payload(byte[] body) {
        String payload;
        try {
            payload = PAYLOAD.extractIfExists(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("body", "is not form-encoded: " + e.getMessage());
        }
        if (payload == null) {
            throw new InvalidInput("payload", "a form field 'payload' with the interaction's JSON is required");
        }
        try {
            JsonNode node = json.readTree(payload);
            if (!node.isObject()) {
                throw new InvalidInput("payload", "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInput("payload", "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static UUID uuid(String text, String field) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "'" + text + "' is not a VibeCoder document id");
        }
    }
}
