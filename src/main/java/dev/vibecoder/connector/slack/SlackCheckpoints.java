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
 * What the {@code slack-checkpoints} routes do with the checkpoint events: ask for a decision in
 * Slack when a document starts waiting, show the decision in that message however it was made
 * (Slack, the REST API, a timeout), and remind in its thread when the document is overdue. Each is
 * idempotent per document, because the events can arrive twice.
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

    public SlackCheckpoints(SlackSettings settings, SlackWebApi slack, SlackMessageStore messages,
            CheckpointMessages layouts, DocumentStore documents, ProjectStore projects, CheckpointTimeouts timeouts) {
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

    /** {@code <type>.awaiting}: posts the message asking for a decision, unless it was posted already. */
    public void ask(FlowEvent awaiting) {
        Document document = documents.get(awaiting.documentId());
        if (document.approvalState() != ApprovalState.PENDING) {
            LOG.debug("{} was decided before Slack was asked", document.id());
            return;
        }
        if (!messages.claim(document.id(), document.projectId(), POSTING_LEASE)) {
            return;
        }
        Project project = projects.get(document.projectId()).orElseThrow();
        SlackWebApi.Posted posted;
        try {
            CheckpointMessages.Message message = layouts.waiting(project, document);
            posted = slack.post(message.text(), message.blocks());
        } catch (RuntimeException e) {
            messages.release(document.id());
            throw e;
        }
        messages.posted(document.id(), posted.channel(), posted.ts());
        projects.event(project.id(), "slack.asked", document.stepId(), document.docType() + " v" + document.version()
                + " is waiting for a decision in Slack (" + settings.channel() + ")");
        // decided while the message was being posted: that decision's event found no message to update
        Document now = documents.get(document.id());
        if (now.approvalState() != ApprovalState.PENDING) {
            show(now);
        }
    }

    /** {@code <type>.approved} or {@code <type>.rejected}: the message shows the decision instead of the buttons. */
    public void showDecision(FlowEvent decided) {
        show(documents.get(decided.documentId()));
    }

    /** Updates a document's message to its decision, if it has a message that does not show it yet. */
    void show(Document document) {
        if (document.approvalState() == ApprovalState.PENDING) {
            return;
        }
        Optional<SlackMessageStore.SlackMessage> message = messages.find(document.id());
        if (message.isEmpty() || document.approvalState().name().equals(message.get().decisionShown())) {
            // never asked in Slack (e.g. a review of a finished project), or shown already
            return;
        }
        Project project = projects.get(document.projectId()).orElseThrow();
        CheckpointMessages.Message decided = layouts.decided(project, document);
        slack.update(message.get().channel(), message.get().ts(), decided.text(), decided.blocks());
        messages.decisionShown(document.id(), document.approvalState().name());
    }

    /**
     * {@code <type>.overdue}: a reply in the message's thread, once per reminder the timeout sweep
     * made. A document that has no message yet (Slack was off, or failing, when it began waiting)
     * gets its message now, which is reminder enough.
     */
    public void remind(FlowEvent overdue) {
        Document document = documents.get(overdue.documentId());
        if (document.approvalState() != ApprovalState.PENDING) {
            return;
        }
        Optional<SlackMessageStore.SlackMessage> message = messages.find(document.id());
        if (message.isEmpty()) {
            ask(overdue);
            return;
        }
        Optional<CheckpointTimeouts.Overdue> reminded = timeouts.lastReminder(document.id());
        if (reminded.isEmpty() || reminded.get().periods() <= message.get().remindersShown()) {
            return;
        }
        slack.reply(message.get().channel(), message.get().ts(), layouts.reminder(document, reminded.get().waited()));
        messages.remindersShown(document.id(), reminded.get().periods());
    }
}
