package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.Outbox;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.ConfigFiles;
import dev.vibecoder.support.SlackStandIn;
import dev.vibecoder.workflow.ApprovalSettings;
import dev.vibecoder.workflow.CheckpointTimeouts;
import dev.vibecoder.workflow.TimeoutAction;
import dev.vibecoder.workflow.WorkflowCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checkpoint timeouts, judged at a later time instead of waited for: the sweep's own bean (remind,
 * the configured default) and sweeps configured to approve or to reject, each limited to its test's
 * project so that no other waiting document is touched. Also: redelivered events ask and remind
 * only once, and a replayed dead letter is handled by the event it carries.
 */
class CheckpointTimeoutTest extends SlackFlowSupport {

    private static final Duration DAY = Duration.ofHours(24);

    @Autowired
    CheckpointTimeouts timeouts;
    @Autowired
    WorkflowCatalog workflows;
    @Autowired
    ConfigFiles config;
    @Autowired
    RoleCatalog roles;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    CamelContext context;
    @Autowired
    Outbox outbox;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    BrokerProperties broker;

    @Test
    void aWaitingDocumentIsRemindedOncePerTimeoutPeriodInTheTimelineAndInTheMessagesThread() {
        UUID id = parkedAtThePrd("A chore rota for flatmates");
        Document prd = pending(id, "prd");
        awaitAsked(prd.id());
        String ts = messageTs(prd.id());
        assertThat(workflows.timeoutPolicy("reviewed-software-company", "requirements"))
                .isEqualTo(new CheckpointTimeouts.Policy(DAY, TimeoutAction.REMIND));
        Instant now = Instant.now();

        assertThat(overdue(timeouts, id, now.plus(Duration.ofHours(23)))).isEmpty();
        List<CheckpointTimeouts.Overdue> firstDay = overdue(timeouts, id, now.plus(Duration.ofHours(25)));
        assertThat(firstDay).singleElement().satisfies(o -> {
            assertThat(o.documentId()).isEqualTo(prd.id());
            assertThat(o.periods()).isEqualTo(1);
        });
        camel.requestBody("direct:checkpoint-timeout", firstDay.get(0));
        assertThat(reminders(id)).containsExactly("prd v1 has waited 1 day for a decision: approve or reject it");
        await().atMost(Duration.ofSeconds(20)).until(() -> replies(ts).size() == 1);
        assertThat(replies(ts).get(0).field("text")).contains("Product Requirements Document v1 has waited 1 day");
        // shown in the channel too, not only in the thread
        assertThat(replies(ts).get(0).field("reply_broadcast")).isIn("1", "true");

        // later in the same period, or the same reminder from a second hub: nothing new
        assertThat(overdue(timeouts, id, now.plus(Duration.ofHours(25)))).isEmpty();
        assertThat(overdue(timeouts, id, now.plus(Duration.ofHours(47)))).isEmpty();
        camel.requestBody("direct:checkpoint-timeout", firstDay.get(0));
        assertThat(reminders(id)).hasSize(1);
        // the reminder's event delivered again: no second reply
        NotifyBuilder redelivered = handled(prd.id());
        outbox.event(FlowEvent.document(id, "prd", "overdue", prd.id(), 1, prd.stepId()));
        assertThat(redelivered.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(replies(ts)).hasSize(1);

        // a hub that was down for a while reminds once for the periods it missed
        List<CheckpointTimeouts.Overdue> thirdDay = overdue(timeouts, id, now.plus(Duration.ofHours(73)));
        assertThat(thirdDay).singleElement().satisfies(o -> assertThat(o.periods()).isEqualTo(3));
        camel.requestBody("direct:checkpoint-timeout", thirdDay.get(0));
        assertThat(reminders(id)).hasSize(2).last().asString().startsWith("prd v1 has waited 3 days");
        await().atMost(Duration.ofSeconds(20)).until(() -> replies(ts).size() == 2);
        assertThat(replies(ts).get(1).field("text")).contains("has waited 3 days");

        assertThat(documents.get(prd.id()).approvalState()).isEqualTo(ApprovalState.PENDING);
        assertThat(projects.get(id).orElseThrow().status()).isEqualTo(Project.Status.AWAITING_APPROVAL);
    }

    @Test
    void onTimeoutApproveDecidesAsTimeoutAndTheFlowGoesOn() {
        CheckpointTimeouts approving = sweep(TimeoutAction.APPROVE);
        UUID id = parkedAtThePrd("A packing list for hikers");
        Document prd = pending(id, "prd");
        awaitAsked(prd.id());
        String ts = messageTs(prd.id());
        Instant now = Instant.now();

        assertThat(overdue(approving, id, now.plus(Duration.ofHours(23)))).isEmpty();
        List<CheckpointTimeouts.Overdue> due = overdue(approving, id, now.plus(Duration.ofHours(25)));
        assertThat(due).hasSize(1);
        camel.requestBody("direct:checkpoint-timeout", due.get(0));

        Document approved = documents.get(prd.id());
        assertThat(approved.approvalState()).isEqualTo(ApprovalState.APPROVED);
        assertThat(approved.approvedBy()).isEqualTo("timeout");
        assertThat(approved.approvalComment()).isEqualTo("no decision within 1 day, approved as it is");
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "system-design").isPresent());
        await().atMost(Duration.ofSeconds(20)).until(() -> updates(ts).size() == 1);
        assertThat(updates(ts).get(0).json("blocks").toString())
                .contains(":white_check_mark: *Approved* by the checkpoint timeout at <!date^");

        // a second hub acting on the same overdue document finds it decided: nothing happens
        camel.requestBody("direct:checkpoint-timeout", due.get(0));
        assertThat(documents.ofType(id, "prd")).hasSize(1);
        assertThat(projects.events(id, 0).stream().filter(e -> e.kind().equals("document.approved"))).hasSize(1);
    }

    @Test
    void onTimeoutRejectAsksTheRoleForANewVersion() {
        CheckpointTimeouts rejecting = sweep(TimeoutAction.REJECT);
        UUID id = parkedAtThePrd("A reading log for book clubs");
        Document v1 = pending(id, "prd");
        awaitAsked(v1.id());

        List<CheckpointTimeouts.Overdue> due = overdue(rejecting, id, Instant.now().plus(Duration.ofHours(25)));
        assertThat(due).hasSize(1);
        camel.requestBody("direct:checkpoint-timeout", due.get(0));

        Document rejected = documents.get(v1.id());
        assertThat(rejected.approvalState()).isEqualTo(ApprovalState.REJECTED);
        assertThat(rejected.approvedBy()).isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.latest(id, "prd").orElseThrow().version() == 2);
        Document v2 = documents.latest(id, "prd").orElseThrow();
        assertThat(v2.parentId()).isEqualTo(v1.id());
        assertThat(v2.approvalState()).isEqualTo(ApprovalState.PENDING);
        assertThat(v2.content().toString()).contains("rejected automatically");
        awaitAsked(v2.id());
    }

    @Test
    void aRedeliveredAwaitingEventPostsNoSecondMessage() {
        UUID id = parkedAtThePrd("A plant watering schedule");
        Document prd = pending(id, "prd");
        awaitAsked(prd.id());

        Map<String, Object> posted = message(prd.id());

        NotifyBuilder redelivered = handled(prd.id());
        outbox.event(FlowEvent.document(id, "prd", "awaiting", prd.id(), 1, prd.stepId()));
        assertThat(redelivered.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(asked(prd.id())).hasSize(1);
        // the posted message was neither claimed again nor replaced
        assertThat(message(prd.id())).isEqualTo(posted);
        assertThat(SlackStandIn.refused()).isEmpty();
    }

    @Test
    void aReplayedDeadLetterIsHandledByTheEventItCarries() throws Exception {
        UUID id = parkedAtThePrd("A bird sighting log");
        Document prd = pending(id, "prd");
        awaitAsked(prd.id());
        String ts = messageTs(prd.id());
        // the sweep claimed a day's reminder, but its event was dead-lettered (Slack was away) ...
        jdbc.update("insert into approval_reminders (document_id, periods) values (?, 1)", prd.id());

        // ... and is replayed as DeadLetters.replay sends it: through the default exchange, the queue's
        // name as its routing key
        NotifyBuilder replayed = handled(prd.id());
        rabbit.send("", broker.slackQueue(), MessageBuilder.withBody(JSON.writeValueAsBytes(
                FlowEvent.document(id, "prd", "overdue", prd.id(), 1, prd.stepId())))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
        assertThat(replayed.matches(20, TimeUnit.SECONDS)).isTrue();

        assertThat(replies(ts)).singleElement().satisfies(reply -> assertThat(reply.field("text"))
                .contains("Product Requirements Document v1 has waited 1 day"));
    }

    /** A sweep configured like the default one except for its action. */
    private CheckpointTimeouts sweep(TimeoutAction action) {
        WorkflowCatalog configured = new WorkflowCatalog(config, roles, workflows.defaultWorkflow(),
                new ApprovalSettings(DAY, action, Duration.ofMinutes(1)));
        return new CheckpointTimeouts(jdbc, configured, projects);
    }

    /** What a sweep at {@code at} would act on, of one project's documents only. */
    private static List<CheckpointTimeouts.Overdue> overdue(CheckpointTimeouts sweep, UUID projectId, Instant at) {
        return sweep.overdue(at).stream().filter(o -> o.projectId().equals(projectId)).toList();
    }

    /** A document's row in slack_messages: its message and the posting claim it was made under. */
    private Map<String, Object> message(UUID documentId) {
        return jdbc.queryForMap("select channel, ts, claimed_until from slack_messages where document_id = ?",
                documentId);
    }

    private List<String> reminders(UUID projectId) {
        return projects.events(projectId, 0).stream().filter(e -> e.kind().equals("decision.reminder"))
                .map(e -> e.message()).toList();
    }

    /** Done when the Slack connector has handled an event about this document. */
    private NotifyBuilder handled(UUID documentId) {
        return new NotifyBuilder(context).fromRoute("slack-checkpoints")
                .filter(exchange -> exchange.getMessage().getBody() instanceof FlowEvent event
                        && documentId.equals(event.documentId()))
                .whenCompleted(1).create();
    }
}
