package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.FailedToCreateProducerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes a completed GitHub project as a pull request from the branch {@code vibecoder/<project>},
 * built with the Git Data API: a blob per changed file, a tree on the parent's tree, a commit, the
 * ref. The first completion creates the branch and opens the pull request ({@code Closes #N}); a
 * completion after a revision pushes a new commit whose parent is the branch's head, and returns a
 * note for the pull request.
 *
 * <p>Each step is recorded as soon as it exists on GitHub (head and files, then the pull request), so
 * a redelivered {@code project.completed} finds the files published and the pull request open, and
 * creates nothing again. What GitHub holds wins over what the hub remembers: the parent is the ref's
 * current head, and the ref moves only forward ({@code force: false}), so commits pushed to the branch
 * by people are kept.
 *
 * <p>A failure names its step (pushing the commit, opening the pull request, posting the note, updating
 * the progress comment) in the log, in {@code publish_error} and in the progress comment: "the pull
 * request was not published" is wrong when the commit is on GitHub and only the note is missing.
 */
@Component("gitHubPublisher")
public class PullRequestPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequestPublisher.class);
    /** The exchange property holding the project while the publish route runs. */
    public static final String PROJECT = "githubProject";

    /** A comment for the project's pull request, written by the route through camel-github. */
    public record PullRequestNote(UUID projectId, String owner, String name, int number, String headSha,
            String text) {

        /** What the route does with it, as a failure names it. */
        public String step() {
            return "posting the note on pull request #" + number;
        }
    }

    /** A step of a publication failed: which one, and GitHub's (or the store's) reason as the cause. */
    static final class StepFailed extends RuntimeException {

        private final String step;

        StepFailed(String step, RuntimeException cause) {
            super(step + " failed: " + cause.getMessage(), cause);
            this.step = step;
        }

        String step() {
            return step;
        }
    }

    private final GitHubConnector connector;
    private final GitHubProjects github;
    private final ProjectStore projects;
    private final PullRequestFiles files;
    private final ProjectStages stages;
    private final PullRequestSummary summary;
    private final ProgressComment progress;
    private final GitHubRest rest;
    private final ObjectMapper json;

    public PullRequestPublisher(GitHubConnector connector, GitHubProjects github, ProjectStore projects,
            PullRequestFiles files, ProjectStages stages, PullRequestSummary summary, ProgressComment progress,
            GitHubRest rest, ObjectMapper json) {
        this.connector = connector;
        this.github = github;
        this.projects = projects;
        this.files = files;
        this.stages = stages;
        this.summary = summary;
        this.progress = progress;
        this.rest = rest;
        this.json = json;
    }

    public static String branch(UUID projectId) {
        return "vibecoder/" + projectId;
    }

    /**
     * Publishes the project if it is a completed GitHub project, and brings its progress comment up to
     * date (the progress listener leaves completions to the publisher); the note for its pull request,
     * or null.
     */
    public PullRequestNote publish(FlowEvent completed) {
        Optional<GitHubProjects.Link> found = github.find(completed.projectId());
        if (found.isEmpty()) {
            return null;
        }
        if (!connector.enabled()) {
            LOG.warn("project {} completed, but without GITHUB_TOKEN no pull request can be opened",
                    completed.projectId());
            return null;
        }
        Project project = projects.get(completed.projectId()).orElseThrow();
        if (project.status() != Project.Status.COMPLETED) {
            // a revision reopened it since: its next completion publishes
            return null;
        }
        GitHubProjects.Link link = found.get();
        // read once for everything this publication writes: commit, pull request or note, and comment
        PullRequestFiles.Tree tree = files.of(project.id());
        ProjectStages.Progress state = stages.progress(project);
        Optional<Document> revision = summary.lastRevision(project);
        Map<String, String> shas = tree.shas();
        if (!shas.equals(link.publishedFiles())) {
            GitHubProjects.Link before = link;
            step("pushing the commit to " + branch(project.id()), () -> push(project, before, tree, shas, revision));
            link = github.find(project.id()).orElseThrow();
        }
        PullRequestNote note = null;
        if (link.pullNumber() == null) {
            GitHubProjects.Link unopened = link;
            step("opening the pull request", () -> openPullRequest(state, unopened, tree));
        } else if (!link.headSha().equals(link.notedSha())) {
            note = new PullRequestNote(project.id(), link.owner(), link.name(), link.pullNumber(), link.headSha(),
                    summary.revisionNote(state, revision, link.headSha(), tree));
        }
        // GitHub's failures here only mark the comment for the sweep; what else fails, fails the publication
        step("updating the progress comment", () -> progress.refresh(state));
        return note;
    }

    /**
     * The note is on the pull request: the publication is complete, and a failure shown in the progress
     * comment (the note could not be posted before) goes.
     */
    public void noted(@ExchangeProperty("githubNote") PullRequestNote note) {
        step("recording the note on pull request #" + note.number(), () -> github.noted(note.projectId(),
                note.headSha()));
        progress.refresh(note.projectId());
    }

    /**
     * A step of the publication failed (the listener tries again, then dead-letters the event): which
     * one and why go to the log, to {@code publish_error} and to the progress comment meanwhile.
     */
    public void failed(@ExchangeProperty(PROJECT) UUID projectId, @ExchangeProperty("githubNote") PullRequestNote note,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        if (projectId == null || github.find(projectId).isEmpty()) {
            return;
        }
        // once publish() returned a note, only posting it is left (recording it names itself)
        String step = cause instanceof StepFailed failed ? failed.step() : note != null ? note.step() : "publishing";
        Throwable why = cause instanceof StepFailed || cause instanceof FailedToCreateProducerException
                ? cause.getCause() : cause;
        String reason = step + " failed: " + (why == null ? "unknown error" : why.getMessage());
        LOG.warn("project {}: {}", projectId, reason);
        github.publishFailed(projectId, reason);
        progress.refresh(projectId);
    }

    private static void step(String name, Runnable work) {
        try {
            work.run();
        } catch (StepFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StepFailed(name, e);
        }
    }

    private void push(Project project, GitHubProjects.Link link, PullRequestFiles.Tree tree,
            Map<String, String> shas, Optional<Document> revision) {
        String repo = "/repos/" + link.repository();
        String branch = branch(project.id());
        Optional<JsonNode> ref = rest.find(repo + "/git/ref/heads/" + branch);
        String parent;
        Map<String, String> previous;
        if (ref.isPresent()) {
            parent = GitHubRest.text(ref.get(), "/object/sha", "GET " + repo + "/git/ref/heads/" + branch);
            previous = link.publishedFiles() == null ? Map.of() : link.publishedFiles();
        } else {
            String base = link.baseBranch();
            if (base == null) {
                base = GitHubRest.text(rest.get(repo), "/default_branch", "GET " + repo);
                github.baseBranch(project.id(), base);
            }
            parent = GitHubRest.text(rest.get(repo + "/git/ref/heads/" + base), "/object/sha",
                    "GET " + repo + "/git/ref/heads/" + base);
            previous = Map.of();
        }
        String baseTree = GitHubRest.text(rest.get(repo + "/git/commits/" + parent), "/tree/sha",
                "GET " + repo + "/git/commits/" + parent);

        ArrayNode entries = json.createArrayNode();
        for (PullRequestFiles.File file : tree.files().values()) {
            if (!shas.get(file.path()).equals(previous.get(file.path()))) {
                ObjectNode blob = json.createObjectNode()
                        .put("content", Base64.getEncoder().encodeToString(
                                file.content().getBytes(StandardCharsets.UTF_8)))
                        .put("encoding", "base64");
                String sha = GitHubRest.text(rest.post(repo + "/git/blobs", blob), "/sha", "POST " + repo + "/git/blobs");
                entries.addObject().put("path", file.path()).put("mode", "100644").put("type", "blob").put("sha", sha);
            }
        }
        for (String path : previous.keySet()) {
            if (!shas.containsKey(path)) {
                // a file of the last commit the project no longer has: sha null deletes it from the tree
                entries.addObject().put("path", path).put("mode", "100644").put("type", "blob").putNull("sha");
            }
        }
        String head = parent;
        if (!entries.isEmpty()) {
            ObjectNode treeRequest = json.createObjectNode().put("base_tree", baseTree);
            treeRequest.set("tree", entries);
            String newTree = GitHubRest.text(rest.post(repo + "/git/trees", treeRequest), "/sha",
                    "POST " + repo + "/git/trees");
            if (!newTree.equals(baseTree)) {
                ObjectNode commit = json.createObjectNode()
                        .put("message", ref.isPresent() ? summary.revisionCommitMessage(link, project, revision)
                                : summary.firstCommitMessage(link, project))
                        .put("tree", newTree);
                commit.putArray("parents").add(parent);
                head = GitHubRest.text(rest.post(repo + "/git/commits", commit), "/sha", "POST " + repo + "/git/commits");
                if (ref.isPresent()) {
                    rest.patch(repo + "/git/refs/heads/" + branch,
                            json.createObjectNode().put("sha", head).put("force", false));
                } else {
                    rest.post(repo + "/git/refs",
                            json.createObjectNode().put("ref", "refs/heads/" + branch).put("sha", head));
                }
            }
        }
        if (ref.isEmpty() && head.equals(parent)) {
            throw new IllegalStateException("nothing to publish: project " + project.id()
                    + " has no files that are not on the base branch already");
        }
        github.published(project.id(), head, shas);
        LOG.info("project {}: {} {} at {}", project.id(), ref.isPresent() ? "pushed to" : "created branch", branch,
                head);
    }

    private void openPullRequest(ProjectStages.Progress state, GitHubProjects.Link link, PullRequestFiles.Tree tree) {
        Project project = state.project();
        String repo = "/repos/" + link.repository();
        String branch = branch(project.id());
        // one the hub opened just before a crash, before it could record it
        JsonNode open = rest.get(repo + "/pulls?state=all&head="
                + URLEncoder.encode(link.owner() + ":" + branch, StandardCharsets.UTF_8));
        JsonNode pull;
        if (open.isArray() && !open.isEmpty()) {
            pull = open.get(0);
        } else {
            String base = link.baseBranch() != null ? link.baseBranch()
                    : GitHubRest.text(rest.get(repo), "/default_branch", "GET " + repo);
            pull = rest.post(repo + "/pulls", json.createObjectNode()
                    .put("title", summary.title(link))
                    .put("head", branch)
                    .put("base", base)
                    .put("body", summary.body(state, link, tree, connector.properties().docsDirectory())));
        }
        int number = (int) GitHubRest.number(pull, "/number", "the pull requests of " + link.repository());
        github.pullRequestOpened(project.id(), number, link.headSha());
        LOG.info("project {}: pull request #{} {}", project.id(), number, pull.path("html_url").asText());
    }
}
