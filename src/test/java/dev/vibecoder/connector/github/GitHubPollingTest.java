package dev.vibecoder.connector.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.support.GitHubStandIn;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Polling mode: camel-github's {@code github:event} consumer reads a repository's events from the
 * stand-in (through egit, under {@code /api/v3}), and what it reads is handled like a webhook.
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

    /** An event as {@code GET /repos/{o}/{r}/events} lists it. */
    private static ObjectNode event(long id, String type, String repo, String action, ObjectNode issue) {
        ObjectNode event = JSON.createObjectNode().put("id", String.valueOf(id)).put("type", type)
                .put("public", true).put("created_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.set("actor", user("octocat"));
        event.putObject("repo").put("id", 1).put("name", repo).put("url", "https://github.test/api/v3/repos/" + repo);
        ObjectNode payload = event.putObject("payload").put("action", action);
        if (issue != null) {
            payload.set("issue", issue);
        }
        return event;
    }
}
