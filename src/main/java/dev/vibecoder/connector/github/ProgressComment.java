package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.project.PublicLinks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one progress comment on a project's issue: created once, then edited in place as the project
 * moves (stages done, the one running, waiting for a decision, failed with the reason, completed
 * with its pull request), with links to the documents. It is rendered from the store each time, so
 * events arriving late or twice do no harm, and it is edited only when what it shows changed.
 *
 * <p>Comments are listed, created and edited with the hub's own REST client: GitHub edits comments
 * only with {@code PATCH}, which egit cannot send (its {@code editComment} POSTs). The comment
 * carries an invisible marker with the project id, so that a comment created just before a crash
 * is found and adopted instead of created again.
 */
@Component("gitHubProgress")
public class ProgressComment {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressComment.class);
    /** Projects brought up to date per sweep. */
    private static final int SWEEP_BATCH = 50;
    /** Comments per page when looking for one written before a crash (GitHub's largest page). */
    private static final int PAGE = 100;
    /** Longest reason below the table. */
    private static final int MAX_REASON = 1000;

    private final GitHubConnector connector;
    private final GitHubProjects github;
    private final ProjectStore projects;
    private final ProjectStages stages;
    private final PublicLinks links;
    private final GitHubRest rest;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public ProgressComment(GitHubConnector connector, GitHubProjects github, ProjectStore projects,
            ProjectStages stages, PublicLinks links, GitHubRest rest, TransactionTemplate tx, ObjectMapper json) {
        this.connector = connector;
        this.github = github;
        this.projects = projects;
        this.stages = stages;
        this.links = links;
        this.rest = rest;
        this.tx = tx;
        this.json = json;
    }

    /**
     * An event that may change what a project's comment shows (a document, a decision, a status
     * change; {@code project.completed} is the publisher's, which brings the comment up to date once
     * the pull request is open): the comment is brought up to date if it is a GitHub project's. A
     * comment whose last update did not reach GitHub is left to the sweep, which tries again once per
     * period instead of once per event while GitHub is away.
     */
    public void update(FlowEvent event) {
        refresh(event.projectId(), false, null);
    }

    /** Comments whose last update did not reach GitHub. */
    public void sweep() {
        if (!connector.enabled()) {
            return;
        }
        for (UUID projectId : github.staleProgress(SWEEP_BATCH)) {
            if (!refresh(projectId, true, null)) {
                return; // GitHub is not answering: the others wait for the next sweep
            }
        }
    }

    /**
     * Renders the project's comment and creates or edits it when it changed.
     *
     * @return false when GitHub could not be reached or refused the update
     */
    public boolean refresh(UUID projectId) {
        return refresh(projectId, true, null);
    }

    /** The same, from what the publisher read of the project, unless the project has moved on since. */
    boolean refresh(ProjectStages.Progress progress) {
        return refresh(progress.project().id(), true, progress);
    }

    /**
     * The project's GitHub row is read once, locked, and stays locked while the comment is rendered
     * and written, so two hubs never create two comments, and the second of two updates renders the
     * newer state. A GitHub failure marks the comment stale for the sweep instead of failing the
     * caller: a late comment is no reason to hold up the flow.
     */
    private boolean refresh(UUID projectId, boolean evenIfStale, ProjectStages.Progress known) {
        if (!connector.enabled()) {
            return true;
        }
        try {
            tx.executeWithoutResult(status -> github.lock(projectId)
                    .filter(link -> evenIfStale || !link.progressStale())
                    .ifPresent(link -> show(link, current(link.projectId(), known))));
            return true;
        } catch (GitHubApiException e) {
            LOG.warn("progress comment of project {} not updated, trying again later: {}", projectId, e.getMessage());
            github.progressStale(projectId);
            return false;
        }
    }

    /** The project as it is now: what the caller read, if the project has not changed since (a revision). */
    private ProjectStages.Progress current(UUID projectId, ProjectStages.Progress known) {
        Project project = projects.get(projectId).orElseThrow();
        return known != null && known.project().updatedAt().isEqual(project.updatedAt()) ? known
                : stages.progress(project);
    }

    private void show(GitHubProjects.Link link, ProjectStages.Progress progress) {
        String body = render(progress, link);
        String digest = digest(body);
        if (link.progressCommentId() != null && digest.equals(link.progressDigest())) {
            if (link.progressStale()) {
                github.progressShown(link.projectId(), link.progressCommentId(), digest);
            }
            return;
        }
        long commentId = link.progressCommentId() != null ? edit(link, body) : create(link, body);
        github.progressShown(link.projectId(), commentId, digest);
    }

    private long edit(GitHubProjects.Link link, String body) {
        try {
            rest.patch("/repos/" + link.repository() + "/issues/comments/" + link.progressCommentId(),
                    json.createObjectNode().put("body", body));
            return link.progressCommentId();
        } catch (GitHubApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            LOG.info("progress comment {} of project {} was deleted on GitHub; writing a new one",
                    link.progressCommentId(), link.projectId());
            return create(link, body);
        }
    }

    private long create(GitHubProjects.Link link, String body) {
        String issues = "/repos/" + link.repository() + "/issues/";
        Optional<JsonNode> earlier = findMarked(link);
        if (earlier.isPresent()) {
            long id = GitHubRest.number(earlier.get(), "/id", "GET " + issues + link.issueNumber() + "/comments");
            rest.patch(issues + "comments/" + id, json.createObjectNode().put("body", body));
            return id;
        }
        String create = issues + link.issueNumber() + "/comments";
        return GitHubRest.number(rest.post(create, json.createObjectNode().put("body", body)), "/id", "POST " + create);
    }

    /** A comment this hub created for the project before its id could be stored (a crash in between). */
    private Optional<JsonNode> findMarked(GitHubProjects.Link link) {
        String marker = marker(link.projectId());
        for (int page = 1; ; page++) {
            JsonNode comments = rest.get("/repos/" + link.repository() + "/issues/" + link.issueNumber()
                    + "/comments?per_page=" + PAGE + "&page=" + page);
            for (JsonNode comment : comments) {
                if (comment.path("body").asText("").startsWith(marker)) {
                    return Optional.of(comment);
                }
            }
            if (comments.size() < PAGE) {
                return Optional.empty();
            }
        }
    }

    static String marker(UUID projectId) {
        return "<!-- vibecoder:progress " + projectId + " -->";
    }

    String render(ProjectStages.Progress progress, GitHubProjects.Link link) {
        Project project = progress.project();
        StringBuilder md = new StringBuilder(marker(project.id())).append('\n');
        md.append("### VibeCoder: ").append(headline(project, link)).append("\n\n");
        md.append("Project [`").append(project.id()).append("`](").append(links.project(project.id()))
                .append(") · workflow `").append(project.workflow()).append("`\n\n");
        md.append(ProjectStages.table(progress.stages(), true));
        if (progress.usage().calls() > 0 || progress.usage().failedCalls() > 0) {
            md.append("\n").append(PullRequestSummary.usage(progress.usage())).append('\n');
            md.append("\n").append(PullRequestSummary.spend(progress.spend()));
        }
        if (progress.budget().limited()) {
            md.append("\nBudget: ").append(PullRequestSummary.budget(progress.budget(), progress.usage())).append('\n');
        }
        md.append('\n').append(footer(project, link)).append('\n');
        return md.toString();
    }

    private static String headline(Project project, GitHubProjects.Link link) {
        return switch (project.status()) {
            case RUNNING -> "⏳ working on it";
            case WAITING_FOR_MODEL -> "⏸️ waiting for the model provider";
            case WAITING_FOR_BUDGET -> "💰 waiting for a budget decision";
            case AWAITING_APPROVAL -> "✋ waiting for a decision";
            case FAILED -> "❌ failed";
            case COMPLETED -> link.pullNumber() != null ? "✅ done, see pull request #" + link.pullNumber()
                    : link.publishError() != null ? "⚠️ done, but the pull request could not be opened"
                    : "✅ done, opening the pull request";
        };
    }

    private String footer(Project project, GitHubProjects.Link link) {
        return switch (project.status()) {
            case RUNNING -> "This comment is updated as the work goes on.";
            case WAITING_FOR_MODEL -> "**" + reason(project.statusReason()) + "**. The work goes on by itself "
                    + "once the provider answers again.";
            case WAITING_FOR_BUDGET -> "**" + reason(project.statusReason()) + "**. Raise the budget through the "
                    + "hub: `POST " + links.project(project.id()) + "/budget` with `{\"decision\": \"raise\", \"usd\": "
                    + "<new limit>, \"by\": \"<name>\"}`, or end the project with `{\"decision\": \"reject\", "
                    + "\"by\": \"<name>\", \"comment\": \"...\"}`.";
            case AWAITING_APPROVAL -> "**" + reason(project.statusReason()) + "**. Decide through "
                    + "the hub: `POST " + links.project(project.id()) + "/documents/<type>/decision` with "
                    + "`{\"decision\": \"approve\"}` or `{\"decision\": \"reject\", \"comment\": \"...\"}`, or "
                    + "`scripts/vibecoder approve " + project.id() + " <type>`.";
            case FAILED -> "**Reason:** " + reason(project.statusReason());
            // publish_error names the step that failed: the commit may be pushed and only the note missing
            case COMPLETED -> (link.publishError() != null ? "**Not finished on GitHub:** "
                    + reason(link.publishError()) + ". It is tried again a few times, then kept in the hub's dead "
                    + "letters until it is replayed: `POST " + links.base() + "/api/dead-letters/replay?projectId="
                    + project.id() + "`.\n\n" : "")
                    + "Review the pull request, or comment `/vibecoder revise <what to change>` here: VibeCoder "
                    + "revises the project and pushes a new commit to its branch.";
        };
    }

    /** A reason on one line, cut to {@link #MAX_REASON}. */
    private static String reason(String text) {
        return ProjectStages.oneLine(text, MAX_REASON);
    }

    private static String digest(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
