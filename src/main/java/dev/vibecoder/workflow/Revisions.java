package dev.vibecoder.workflow;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.support.VisibleText;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A review of a finished project asks for a revision: the project runs again from its workflow's
 * revision step, whose newest document is rejected with the review as feedback. The router then
 * has that step's role write a new version, and every step built on it is redone on the new
 * versions, so the result (and a pull request's branch) moves on with the review. Whoever reviews
 * (the REST API, a GitHub review comment) goes through here.
 */
@Component("revisions")
public class Revisions {

    /** Limit of a review's text: it goes into prompts. */
    public static final int MAX_FEEDBACK = 4000;

    /** What to revise: the project, the review, who asked. */
    public record Revision(UUID projectId, String feedback, String by) {
    }

    /** The project cannot be revised now: it is still running, waiting or failed. */
    public static class NotRevisable extends IllegalStateException {
        public NotRevisable(String message) {
            super(message);
        }
    }

    private final ProjectStore projects;
    private final DocumentStore documents;
    private final WorkflowCatalog workflows;

    public Revisions(ProjectStore projects, DocumentStore documents, WorkflowCatalog workflows) {
        this.projects = projects;
        this.documents = documents;
        this.workflows = workflows;
    }

    /** Reopens the project and rejects the revision step's document; returns the event that resumes it. */
    public FlowEvent request(Revision revision) {
        if (revision.by() == null || revision.by().isBlank()) {
            throw new InvalidInput("by", "the reviewer's name is required");
        }
        // a review reaches prompts as feedback: what a reviewer could not see has no place there
        String feedback = VisibleText.of(revision.feedback());
        if (feedback.isEmpty()) {
            throw new InvalidInput("feedback", "say what to change");
        }
        if (feedback.length() > MAX_FEEDBACK) {
            throw new InvalidInput("feedback", "must be at most " + MAX_FEEDBACK + " characters, was "
                    + feedback.length());
        }
        Project project = projects.get(revision.projectId())
                .orElseThrow(() -> new NotRevisable("no project " + revision.projectId()));
        if (project.status() != Project.Status.COMPLETED) {
            throw new NotRevisable("project " + project.id() + " is " + project.status()
                    + ": only a completed project can be revised");
        }
        WorkflowDefinition.Step step = workflows.get(project.workflow()).revisionStepOrFirst();
        String type = workflows.produces(step);
        Document revised = documents.latest(project.id(), type)
                .orElseThrow(() -> new NotRevisable("project " + project.id() + " has no " + type + " to revise"));
        if (!documents.rejectForRevision(revised.id(), revision.by(), feedback)
                || !projects.reopenForRevision(project.id(), "revision requested by " + revision.by() + ": "
                        + feedback)) {
            throw new NotRevisable("project " + project.id() + " is being revised already");
        }
        return FlowEvent.document(project.id(), type, "rejected", revised.id(), revised.version(), revised.stepId());
    }
}
