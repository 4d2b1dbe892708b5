package dev.vibecoder.workflow;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.InvalidInput;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Human decisions at checkpoints. Whoever decides (the REST API, later Slack), the decision is
 * recorded on the document and announced as {@code <type>.approved} or {@code <type>.rejected};
 * the router resumes the project from there.
 */
@Component("approvals")
public class Approvals {

    /**
     * A decision on one document version ({@code documentId}, as a message about it names it), or on
     * the newest version of the type when that is null (as the REST API asks); a rejection must say why.
     */
    public record Decision(UUID projectId, String docType, UUID documentId, boolean approve, String by,
            String comment) {
    }

    /** The document is not waiting for a decision (never was, or someone decided first). */
    public static class NotAwaitingDecision extends IllegalStateException {
        public NotAwaitingDecision(String message) {
            super(message);
        }
    }

    private final DocumentStore documents;
    private final ProjectStore projects;

    public Approvals(DocumentStore documents, ProjectStore projects) {
        this.documents = documents;
        this.projects = projects;
    }

    public FlowEvent record(Decision decision) {
        if (decision.by() == null || decision.by().isBlank()) {
            throw new InvalidInput("by", "the decider's name is required");
        }
        if (!decision.approve() && (decision.comment() == null || decision.comment().isBlank())) {
            throw new InvalidInput("comment", "a rejection needs a reason for the next version");
        }
        Document document = (decision.documentId() != null
                ? Optional.of(documents.head(decision.documentId()))
                        .filter(d -> d.projectId().equals(decision.projectId()) && d.docType().equals(decision.docType()))
                : documents.latest(decision.projectId(), decision.docType()))
                .orElseThrow(() -> new NotAwaitingDecision("project " + decision.projectId() + " has no such "
                        + decision.docType() + " document"));
        if (!documents.decide(document.id(), decision.approve(), decision.by(), decision.comment())) {
            throw new NotAwaitingDecision(decision.docType() + " v" + document.version()
                    + " is not waiting for a decision (state " + document.approvalState() + ")");
        }
        String verdict = decision.approve() ? "approved" : "rejected";
        projects.event(decision.projectId(), "document." + verdict, document.stepId(), decision.docType() + " v"
                + document.version() + " " + verdict + " by " + decision.by()
                + (decision.comment() == null || decision.comment().isBlank() ? "" : ": " + decision.comment()));
        return FlowEvent.document(decision.projectId(), decision.docType(), verdict, document.id(),
                document.version(), document.stepId());
    }
}
