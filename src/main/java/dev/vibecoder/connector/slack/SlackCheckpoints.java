package dev.vibecoder.connector.slack;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.workflow.CheckpointTimeouts;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the {@code slack-checkpoints} route does with the checkpoint events: ask for a decision in
 * Slack when a document starts waiting, show the decision in that message however it was made
 * (Slack, the REST API, a timeout), and remind in its thread when the document is overdue. Each is
 * idempotent per document, because the events can arrive twice. States are read from the
 * document's head; its content only where a message is rendered.
 */
@Component("slackCheckpoints")
public class SlackCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(SlackCheckpoints.class);
    /** Longer than a post can take (the client gives up after 10 s), short enough to retry soon. */
    static final Duration POSTING_LEASE = Duration.ofMinutes(1);

    private final SlackSettings settings;
    private final SlackWebApi slack;
    private final SlackMessageStore messages;
    private final CheckpointMessages layouts;
    private final DocumentStore documents;
    private final ProjectStore projects;
    private final CheckpointTimeouts timeouts;
    private final SlackBudgetCheckpoints budgetCheckpoints;

    public SlackCheckpoints(SlackSettings settings, SlackWebApi slack, SlackMessageStore messages,
            CheckpointMessages layouts, DocumentStore documents, ProjectStore projects, CheckpointTimeouts timeouts,
            SlackBudgetCheckpoints budgetCheckpoints) {
        this.budgetCheckpoints = budgetCheckpoints;
        this.settings = settings;
        this.slack = slack;
        this.messages = messages;
        this.layouts = layouts;
        this.documents = documents;
        this.projects = projects;
        this.timeouts = timeouts;
    }

    /** Whether the Slack routes run: a bot token is configured. */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * One event of the {@code <ns>.slack} queue, by its own name rather than the routing key it came
     * with: a dead letter replayed through the default exchange arrives with the queue's name as its
     * routing key.
     */
    public void on(FlowEvent event) {
        if (event.documentId() == null) {
            // a project's budget checkpoint
            budgetCheckpoints.on(event);
            return;
        }
        switch (event.event()) {
            case "awaiting" -> ask(documents.head(event.documentId()));
            case "approved", "rejected" -> show(documents.head(event.documentId()));
            case "overdue" -> remind(documents.head(event.documentId()));
            default -> LOG.debug("{}: nothing for Slack", event.routingKey());
        }
    }

    /** A document starts waiting: posts the message asking for a decision, unless it was posted already. */
    private void ask(Document head) {
        if (head.approvalState() != ApprovalState.PENDING) {
            LOG.debug("{} was decided before Slack was asked", head.id());
            return;
        }
        if (!messages.claim(head.id(), POSTING_LEASE)) {
            return;
        }
        Project project = projects.get(head.projectId()).orElseThrow();
        SlackWebApi.Posted posted;
        try {
            // the content, for the digest
            CheckpointMessages.Message message = layouts.waiting(project, documents.get(head.id()));
            posted = slack.post(message.text(), message.blocks());
        } catch (RuntimeException e) {
            messages.release(head.id());
            throw e;
        }
        messages.posted(head.id(), posted.channel(), posted.ts());
        projects.event(project.id(), "slack.asked", head.stepId(), head.docType() + " v" + head.version()
                + " is waiting for a decision in Slack (" + settings.channel() + ")");
        // decided while the message was being posted: that decision's event found no message to update
        show(documents.head(head.id()));
    }

    /**
     * Updates a document's message to its decision (approved or rejected), if it has a message that
     * does not show it yet.
     *
     * @param head the document's current state; its content is read only when the message is updated
     */
    void show(Document head) {
        if (head.approvalState() == ApprovalState.PENDING) {
            return;
        }
        Optional<SlackMessageStore.SlackMessage> message = messages.find(head.id());
        if (message.isEmpty() || head.approvalState().name().equals(message.get().decisionShown())) {
            // never asked in Slack (e.g. a review of a finished project), or shown already
            return;
        }
        Project project = projects.get(head.projectId()).orElseThrow();
        CheckpointMessages.Message decided = layouts.decided(project, documents.get(head.id()));
        slack.update(message.get().channel(), message.get().ts(), decided.text(), decided.blocks());
        messages.decisionShown(head.id(), head.approvalState().name());
    }

    /**
     * Overdue: a reply in the message's thread, once per reminder the timeout sweep made, saying how
     * long the document waited as the timeline did. A document that has no message yet (Slack was
     * off, or failing, when it began waiting) gets its message now, which is reminder enough.
     */
    private void remind(Document head) {
        if (head.approvalState() != ApprovalState.PENDING) {
            return;
        }
        Optional<SlackMessageStore.SlackMessage> message = messages.find(head.id());
        if (message.isEmpty()) {
            ask(head);
            return;
        }
        Optional<CheckpointTimeouts.Overdue> reminded = timeouts.lastReminder(head.id());
        if (reminded.isEmpty() || reminded.get().periods() <= message.get().remindersShown()) {
            return;
        }
        slack.reply(message.get().channel(), message.get().ts(), layouts.reminder(head, reminded.get().waited()));
        messages.remindersShown(head.id(), reminded.get().periods());
    }
}
