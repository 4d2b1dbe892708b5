package dev.vibecoder.connector.github;

import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.workflow.ProjectIntake;
import dev.vibecoder.workflow.Revisions;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.springframework.stereotype.Component;

/**
 * The database side of GitHub intake, called by the {@code github-start-project} and
 * {@code github-revision} routes inside their transaction: the delivery is recorded, and the project
 * linked to its issue, in the transaction that starts the project or the revision. A crash leaves
 * either all of it or nothing, and a redelivery finds what the first delivery did.
 */
@Component("gitHubIntake")
public class GitHubIntake {

    /** The exchange property holding the trigger while the intake routes run. */
    public static final String TRIGGER = "githubTrigger";

    private final GitHubProjects github;
    private final ProjectStore projects;
    private final GitHubProperties properties;

    public GitHubIntake(GitHubProjects github, ProjectStore projects, GitHubProperties properties) {
        this.github = github;
        this.projects = projects;
        this.properties = properties;
    }

    /**
     * What {@code direct:start-project} should start for this issue, or the reply when nothing is to be
     * started: the delivery was handled before, or the issue has its project already.
     */
    public Object claim(Trigger.StartProject start) {
        github.lockIssue(start.repository(), start.issueNumber());
        Optional<UUID> earlier = github.delivered(start.event().deliveryId());
        if (earlier.isPresent()) {
            return WebhookReply.duplicate(start.event().deliveryId(), earlier.get());
        }
        Optional<GitHubProjects.Link> existing = github.byIssue(start.repository(), start.issueNumber());
        if (existing.isPresent()) {
            UUID projectId = existing.get().projectId();
            String status = projects.get(projectId).map(p -> p.status().name().toLowerCase().replace('_', ' '))
                    .orElse("gone");
            return new WebhookReply(200, "ignored", "issue #" + start.issueNumber() + " already has project "
                    + projectId + " (" + status + ")", projectId);
        }
        return new ProjectIntake.StartProject(start.idea(), properties.workflow(), null,
                "github:" + start.repository() + "#" + start.issueNumber());
    }

    /** The project is stored: link it to its issue and record the delivery, in the same transaction. */
    public WebhookReply linked(Project project, @ExchangeProperty(TRIGGER) Trigger.StartProject start) {
        github.link(start, project.id());
        github.delivery(start.event().deliveryId(), start.event().name(), "STARTED", project.id());
        return WebhookReply.started(project.id(), "issue #" + start.issueNumber() + " by @" + start.author()
                + " started project " + project.id());
    }

    /**
     * The revision {@code direct:revise} should request, or the reply when the delivery was handled
     * before. The project's row stays locked until the transaction ends: a redelivery waits for the
     * first delivery and finds its record, and the project's status cannot change between
     * {@code direct:revise}'s check and its revision. Whether the project can be revised is
     * {@code direct:revise}'s to decide; a refusal rolls the transaction back ({@link #notRevisable}).
     */
    public Object claimRevision(Trigger.Revise revise) {
        projects.lock(revise.projectId());
        Optional<UUID> earlier = github.delivered(revise.event().deliveryId());
        if (earlier.isPresent()) {
            return WebhookReply.duplicate(revise.event().deliveryId(), earlier.get());
        }
        return new Revisions.Revision(revise.projectId(), revise.feedback(), revise.by());
    }

    /** The revision is requested: record the delivery in the same transaction. */
    public WebhookReply revisionRequested(@ExchangeProperty(TRIGGER) Trigger.Revise revise) {
        github.delivery(revise.event().deliveryId(), revise.event().name(), "REVISION", revise.projectId());
        return WebhookReply.revision(revise.projectId(), "revision of project " + revise.projectId()
                + " requested by " + revise.by());
    }

    /** {@code direct:revise} refused (the project is not completed, or gone): the reason, nothing recorded. */
    public WebhookReply notRevisable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught,
            @ExchangeProperty(TRIGGER) Trigger.Revise revise) {
        Revisions.NotRevisable refusal = ObjectHelper.getException(Revisions.NotRevisable.class, caught);
        return new WebhookReply(200, "ignored", refusal.getMessage(), revise.projectId());
    }

    public WebhookReply ignored(Trigger.Ignore ignore) {
        return WebhookReply.ignored(ignore.reason());
    }
}
