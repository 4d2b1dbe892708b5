package dev.vibecoder.connector.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.GitHubStandIn;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Polling mode: camel-github's {@code github:event} consumer reads a repository's events from the
 * stand-in (through egit, under {@code /api/v3}), and what it reads is handled like a webhook: issues
 * start projects, review comments and {@code /vibecoder revise} comments ask for revisions.
 */
class GitHubPollingTest extends GitHubFlowTestSupport {

    @Autowired
    GitHubPollers pollers;
    @Autowired
    CamelContext camel;

    @Test
    void anIssueLabelledOnAPolledRepositoryStartsAProjectAndHistoryDoesNot() throws Exception {
        String repo = repository("polled");
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        // labelled before the hub polled the repository: history, not a request
        ObjectNode old = issue(repo, 3, "An old idea", "From before.", "octocat", "OWNER", List.of("vibecoder"));
        old.put("created_at", yesterday.toString()).put("updated_at", yesterday.toString());
        github().issue(repo, 3, old);
        github().event(repo, event(1, "IssuesEvent", repo, "labeled", old));

        String routeId = pollers.poll(repo, Duration.ofMillis(300));
        try {
            assertThat(camel.getRoute(routeId).getEndpoint().getEndpointUri()).startsWith("github://event");
            Instant later = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            ObjectNode fresh = issue(repo, 4, "A recipe box", "Keep recipes with their ingredients.", "octocat",
                    "OWNER", List.of("vibecoder"));
            fresh.put("created_at", later.toString()).put("updated_at", later.toString());
            github().issue(repo, 4, fresh);
            // a review summary: egit has no type for it, so it carries no payload and is passed over
            github().event(repo, event(2, "PullRequestReviewEvent", repo, "submitted", null));
            github().event(repo, event(3, "IssuesEvent", repo, "opened", fresh));

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> jdbc.queryForObject("select count(*) from github_projects where repository = ? "
                            + "and issue_number = 4", Integer.class, repo), n -> n == 1);
            assertThat(jdbc.queryForObject("select idea from projects p join github_projects g on g.project_id = p.id "
                    + "where g.repository = ? and g.issue_number = 4", String.class, repo))
                    .isEqualTo("A recipe box\n\nKeep recipes with their ingredients.");
            assertThat(jdbc.queryForObject("select count(*) from github_deliveries where delivery_id = ?",
                    Integer.class, "poll:" + repo + ":issues:4:opened")).isEqualTo(1);
            // the consumer went through egit, to /api/v3 with the token
            assertThat(GitHubStandIn.server().findAll(getRequestedFor(urlPathEqualTo(GitHubStandIn.API + "/repos/"
                    + repo + "/events")).withHeader("Authorization", equalTo("token " + GitHubStandIn.TOKEN))))
                    .isNotEmpty();
        } finally {
            pollers.stop(repo);
        }
        assertThat(camel.getRoute(routeId)).isNull();
        assertThat(jdbc.queryForObject("select count(*) from github_projects where repository = ? and issue_number = 3",
                Integer.class, repo)).isZero();
    }

    @Test
    void polledReviewCommentsAndReviseCommandsAskForRevisions() throws Exception {
        String repo = repository("polled-reviews");
        pollers.poll(repo, Duration.ofMillis(300));
        try {
            String later = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString();
            ObjectNode issue = issue(repo, 5, "A tea timer", "Steep times per tea.", "octocat", "OWNER",
                    List.of("vibecoder"));
            issue.put("created_at", later).put("updated_at", later);
            github().issue(repo, 5, issue);
            github().event(repo, event(1, "IssuesEvent", repo, "opened", issue));
            UUID id = awaitValue(Duration.ofSeconds(20), () -> jdbc.queryForList("select project_id from "
                    + "github_projects where repository = ? and issue_number = 5", UUID.class, repo).stream()
                    .findFirst().orElse(null));
            assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
            String branch = "vibecoder/" + id;
            int pull = awaitValue(Duration.ofSeconds(30), () -> github().pulls(repo).stream().findFirst()
                    .map(p -> p.path("number").asInt()).orElse(null));
            String first = github().ref(repo, branch);

            // a review comment on a line: egit's payload carries the comment's id; what the handling needs
            // (author, association, the pull request) is read from GET /pulls/comments/{id}
            long reviewCommentId = github().newId();
            ObjectNode reviewComment = comment(reviewCommentId, "Show the steep time in seconds", "hubot",
                    "COLLABORATOR", later).put("path", "docs/vibecoder/prd.md").put("line", 2)
                    .put("pull_request_url", "https://github.test/api/v3/repos/" + repo + "/pulls/" + pull);
            github().reviewComment(repo, reviewCommentId, reviewComment);
            ObjectNode reviewPayload = JSON.createObjectNode().put("action", "created");
            reviewPayload.putObject("comment").put("id", reviewCommentId).put("created_at", later);
            github().event(repo, event(2, "PullRequestReviewCommentEvent", repo, reviewPayload));
            awaitRevision(repo, "poll:" + repo + ":pull_request_review_comment:" + reviewCommentId, id, "@hubot",
                    "On docs/vibecoder/prd.md line 2: Show the steep time in seconds");
            String second = awaitValue(Duration.ofSeconds(60), () -> first.equals(github().ref(repo, branch)) ? null
                    : github().ref(repo, branch));
            assertThat(github().files(second).get("docs/vibecoder/prd.md")).contains("steep time in seconds");

            // /vibecoder revise on the issue, read from GET /issues/comments/{id}
            long commandId = github().newId();
            github().issueComment(repo, commandId, 5, comment(commandId, "/vibecoder revise Add a green tea preset",
                    "octocat", "MEMBER", later));
            ObjectNode commandPayload = JSON.createObjectNode().put("action", "created");
            commandPayload.set("issue", issue);
            commandPayload.putObject("comment").put("id", commandId).put("created_at", later);
            github().event(repo, event(3, "IssueCommentEvent", repo, commandPayload));
            awaitRevision(repo, "poll:" + repo + ":issue_comment:" + commandId, id, "@octocat",
                    "Add a green tea preset");
            String third = awaitValue(Duration.ofSeconds(60), () -> second.equals(github().ref(repo, branch)) ? null
                    : github().ref(repo, branch));
            assertThat(github().commit(third).parents()).containsExactly(second);
        } finally {
            pollers.stop(repo);
        }
    }

    /** The polled event was acted on as a revision of the project, with the reviewer's words. */
    private void awaitRevision(String repo, String deliveryId, UUID projectId, String by, String feedback) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForList(
                "select project_id from github_deliveries where delivery_id = ? and outcome = 'REVISION'",
                UUID.class, deliveryId), rows -> rows.equals(List.of(projectId)));
        assertThat(jdbc.queryForList("select approval_comment from documents where project_id = ? "
                + "and approval_state = 'REJECTED' and approved_by = ?", String.class, projectId, by))
                .containsExactly(feedback);
    }

    /** A comment as {@code GET /repos/{o}/{r}/issues/comments/{id}} or {@code .../pulls/comments/{id}} answers it. */
    private static ObjectNode comment(long id, String body, String author, String association, String createdAt) {
        ObjectNode comment = JSON.createObjectNode().put("id", id).put("body", body)
                .put("author_association", association).put("created_at", createdAt).put("updated_at", createdAt);
        comment.set("user", user(author));
        return comment;
    }

    /** An {@code IssuesEvent} as {@code GET /repos/{o}/{r}/events} lists it. */
    private static ObjectNode event(long id, String type, String repo, String action, ObjectNode issue) {
        ObjectNode payload = JSON.createObjectNode().put("action", action);
        if (issue != null) {
            payload.set("issue", issue);
        }
        return event(id, type, repo, payload);
    }

    /** An event as {@code GET /repos/{o}/{r}/events} lists it. */
    private static ObjectNode event(long id, String type, String repo, ObjectNode payload) {
        ObjectNode event = JSON.createObjectNode().put("id", String.valueOf(id)).put("type", type)
                .put("public", true).put("created_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.set("actor", user("octocat"));
        event.putObject("repo").put("id", 1).put("name", repo).put("url", "https://github.test/api/v3/repos/" + repo);
        event.set("payload", payload);
        return event;
    }
}
