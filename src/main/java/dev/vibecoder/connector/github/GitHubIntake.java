package dev.vibecoder.connector.github;

import dev.vibecoder.project.Project;
import dev.vibecoder.workflow.ProjectIntake;
import dev.vibecoder.workflow.Revisions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final GitHubProjects projects;
    private final GitHubProperties properties;
    private final JdbcTemplate jdbc;

    public GitHubIntake(GitHubProjects projects, GitHubProperties properties, JdbcTemplate jdbc) {
        this.projects = projects;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    /**
     * What {@code direct:start-project} should start for this issue, or the reply when nothing is to be
     * started: the delivery was handled before, or the issue has its project already.
     */
    public Object claim(Trigger.StartProject start) {
        projects.lockIssue(start.repository(), start.issueNumber());
        Optional<UUID> earlier = projects.delivered(start.event().deliveryId());
        if (earlier.isPresent()) {
            return WebhookReply.duplicate(start.event().deliveryId(), earlier.get());
        }
        Optional<GitHubProjects.Link> existing = projects.byIssue(start.repository(), start.issueNumber());
        if (existing.isPresent()) {
            UUID projectId = existing.get().projectId();
            String status = jdbc.queryForList("select status from projects where id = ?", String.class, projectId)
                    .stream().findFirst().orElse("gone");
            return new WebhookReply(200, "ignored", "issue #" + start.issueNumber() + " already has project "
                    + projectId + " (" + status.toLowerCase().replace('_', ' ') + ")", projectId);
        }
        return new ProjectIntake.StartProject(start.idea(), properties.workflow(), null,
                "github:" + start.repository() + "#" + start.issueNumber());
    }

    /** The project is stored: link it to its issue and record the delivery, in the same transaction. */
    public WebhookReply linked(Project project, @ExchangeProperty(TRIGGER) Trigger.StartProject start) {
        projects.link(start, project.id());
        projects.delivery(start.event().deliveryId(), start.event().name(), "STARTED", project.id());
        return WebhookReply.started(project.id(), "issue #" + start.issueNumber() + " by @" + start.author()
                + " started project " + project.id());
    }

    /**
     * The revision {@code direct:revise} should request, or the reply when there is none to request.
     * The project's row stays locked until the transaction ends, so its status cannot change between
     * this check and the revision.
     */
    public Object claimRevision(Trigger.Revise revise) {
        List<String> status = jdbc.queryForList("select status from projects where id = ? for update", String.class,
                revise.projectId());
        Optional<UUID> earlier = projects.delivered(revise.event().deliveryId());
        if (earlier.isPresent()) {
            return WebhookReply.duplicate(revise.event().deliveryId(), earlier.get());
        }
        if (status.isEmpty()) {
            return WebhookReply.ignored("project " + revise.projectId() + " no longer exists");
        }
        if (!status.get(0).equals(Project.Status.COMPLETED.name())) {
            return new WebhookReply(200, "ignored", "project " + revise.projectId() + " is "
                    + status.get(0).toLowerCase().replace('_', ' ') + ": a revision can be asked for once it is "
                    + "completed", revise.projectId());
        }
        return new Revisions.Revision(revise.projectId(), revise.feedback(), revise.by());
    }

    /** The revision is requested: record the delivery in the same transaction. */
    public WebhookReply revisionRequested(@ExchangeProperty(TRIGGER) Trigger.Revise revise) {
        projects.delivery(revise.event().deliveryId(), revise.event().name(), "REVISION", revise.projectId());
        return WebhookReply.revision(revise.projectId(), "revision of project " + revise.projectId()
                + " requested by " + revise.by());
    }

    public WebhookReply ignored(Trigger.Ignore ignore) {
        return WebhookReply.ignored(ignore.reason());
    }
}
