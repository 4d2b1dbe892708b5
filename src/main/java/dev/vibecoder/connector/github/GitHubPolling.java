package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.github.GitHubConstants;
import org.eclipse.egit.github.core.Comment;
import org.eclipse.egit.github.core.Issue;
import org.eclipse.egit.github.core.event.EventPayload;
import org.eclipse.egit.github.core.event.IssueCommentPayload;
import org.eclipse.egit.github.core.event.IssuesPayload;
import org.eclipse.egit.github.core.event.PullRequestReviewCommentPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a repository event read by camel-github's {@code github:event} poller into the webhook
 * delivery GitHub would have sent, so that polling and webhooks share one handling.
 *
 * <p>egit's event model is older than some of what the handling needs (an issue's or comment's
 * {@code author_association}, the label just added, a review comment's pull request), so the issue
 * or comment an event is about is read afresh from the REST API. Pull request review summaries
 * ({@code PullRequestReviewEvent}) are unknown to egit and carry no payload: in polling mode reviews
 * ask for revisions through their comments and {@code /vibecoder revise}. Events from before the hub
 * first polled the repository are history and are skipped.
 */
@Component("gitHubPolling")
public class GitHubPolling {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubPolling.class);
    /** The exchange property the poller route sets to the repository it polls. */
    public static final String REPOSITORY = "githubRepository";

    private final GitHubRest rest;
    private final GitHubProjects projects;
    private final GitHubProperties properties;
    private final ObjectMapper json;
    private final Map<String, OffsetDateTime> since = new ConcurrentHashMap<>();

    public GitHubPolling(GitHubRest rest, GitHubProjects projects, GitHubProperties properties, ObjectMapper json) {
        this.rest = rest;
        this.projects = projects;
        this.properties = properties;
        this.json = json;
    }

    /** The event as a webhook delivery, or null when it is of no interest to the hub. */
    public GitHubEvent delivery(@Body String type, @Header(GitHubConstants.GITHUB_EVENT_PAYLOAD) EventPayload payload,
            @ExchangeProperty(REPOSITORY) String repository) {
        GitHubEvent event = switch (payload) {
            case IssuesPayload issues when "IssuesEvent".equals(type) -> issues(repository, issues);
            case IssueCommentPayload comment when "IssueCommentEvent".equals(type) -> issueComment(repository, comment);
            case PullRequestReviewCommentPayload comment when "PullRequestReviewCommentEvent".equals(type) ->
                    reviewComment(repository, comment);
            case null, default -> null;
        };
        if (event == null) {
            LOG.debug("polled {} event of {} is of no interest", type, repository);
        }
        return event;
    }

    private GitHubEvent issues(String repository, IssuesPayload payload) {
        String action = payload.getAction();
        Issue issue = payload.getIssue();
        if (!("opened".equals(action) || "labeled".equals(action)) || issue == null
                || isHistory(repository, issue.getUpdatedAt() != null ? issue.getUpdatedAt() : issue.getCreatedAt())) {
            return null;
        }
        JsonNode current = rest.get("/repos/" + repository + "/issues/" + issue.getNumber());
        if (current.has("pull_request")) {
            return null;
        }
        ObjectNode delivery = delivery(repository, action);
        delivery.set("issue", current);
        if ("labeled".equals(action)) {
            // egit's payload does not say which label was added: the issue carrying the trigger label now is
            // what makes this labelling a request
            for (JsonNode label : current.path("labels")) {
                if (label.path("name").asText().equalsIgnoreCase(properties.triggerLabel())) {
                    delivery.set("label", label);
                }
            }
        }
        return new GitHubEvent("poll:" + repository + ":issues:" + issue.getNumber() + ":" + action, "issues",
                delivery);
    }

    private GitHubEvent issueComment(String repository, IssueCommentPayload payload) {
        Comment comment = payload.getComment();
        if (!"created".equals(payload.getAction()) || comment == null || payload.getIssue() == null
                || isHistory(repository, comment.getCreatedAt())) {
            return null;
        }
        ObjectNode delivery = delivery(repository, "created");
        delivery.set("comment", rest.get("/repos/" + repository + "/issues/comments/" + comment.getId()));
        ObjectNode issue = delivery.putObject("issue").put("number", payload.getIssue().getNumber());
        if (payload.getIssue().getPullRequest() != null && payload.getIssue().getPullRequest().getHtmlUrl() != null) {
            issue.putObject("pull_request").put("html_url", payload.getIssue().getPullRequest().getHtmlUrl());
        }
        return new GitHubEvent("poll:" + repository + ":issue_comment:" + comment.getId(), "issue_comment", delivery);
    }

    private GitHubEvent reviewComment(String repository, PullRequestReviewCommentPayload payload) {
        Comment comment = payload.getComment();
        if (comment == null || isHistory(repository, comment.getCreatedAt())) {
            return null;
        }
        JsonNode current = rest.get("/repos/" + repository + "/pulls/comments/" + comment.getId());
        String pullUrl = current.path("pull_request_url").asText("");
        int number = Integer.parseInt(pullUrl.substring(pullUrl.lastIndexOf('/') + 1));
        ObjectNode delivery = delivery(repository, "created");
        delivery.set("comment", current);
        delivery.putObject("pull_request").put("number", number);
        return new GitHubEvent("poll:" + repository + ":pull_request_review_comment:" + comment.getId(),
                "pull_request_review_comment", delivery);
    }

    private ObjectNode delivery(String repository, String action) {
        ObjectNode delivery = json.createObjectNode().put("action", action);
        delivery.putObject("repository").put("full_name", repository);
        return delivery;
    }

    private boolean isHistory(String repository, Date happened) {
        OffsetDateTime start = since.computeIfAbsent(repository.toLowerCase(), projects::pollingSince);
        return happened != null && happened.toInstant().isBefore(start.toInstant());
    }
}
