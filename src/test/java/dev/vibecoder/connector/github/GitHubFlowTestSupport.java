package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.GitHubStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.MediaType;

/**
 * GitHub as the flow tests meet it: webhook payloads shaped like GitHub's, signed deliveries to the
 * hub, and the stand-in's repositories. Each test class works in repositories of its own, named
 * after the test run, so that runs sharing the database never find each other's issues.
 */
abstract class GitHubFlowTestSupport extends FlowTestSupport {

    /** What the hub answered a delivery. */
    record Reply(int status, JsonNode body) {

        String outcome() {
            return body.path("outcome").asText();
        }

        String reason() {
            return body.path("reason").asText();
        }

        UUID projectId() {
            return UUID.fromString(body.path("projectId").asText());
        }
    }

    static GitHubStandIn.FakeGitHub github() {
        return GitHubStandIn.github();
    }

    static String repository(String name) {
        String fullName = "acme/" + name + "-" + NAMESPACE;
        github().repository(fullName);
        return fullName;
    }

    /** A delivery signed with the webhook's secret, as GitHub sends it. */
    Reply deliver(String event, String deliveryId, JsonNode payload) {
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        return post(event, deliveryId, body, WebhookSignature.sign(GitHubStandIn.WEBHOOK_SECRET, body),
                MediaType.APPLICATION_JSON);
    }

    Reply post(String event, String deliveryId, byte[] body, String signature, MediaType contentType) {
        return api().post().uri("/webhooks/github").contentType(contentType)
                .headers(h -> {
                    if (event != null) {
                        h.set("X-GitHub-Event", event);
                    }
                    if (deliveryId != null) {
                        h.set("X-GitHub-Delivery", deliveryId);
                    }
                    if (signature != null) {
                        h.set("X-Hub-Signature-256", signature);
                    }
                    h.set("User-Agent", "GitHub-Hookshot/044aadd");
                })
                .body(body)
                .exchange((request, response) -> new Reply(response.getStatusCode().value(),
                        JSON.readTree(response.getBody())));
    }

    /** A completed project whose pull request is open. */
    record Published(UUID id, String branch, int pullNumber, String head) {
    }

    /** Waits for the project a delivery started to complete and its pull request to open. */
    Published awaitPullRequest(String repo, Reply started) {
        UUID id = started.projectId();
        String branch = "vibecoder/" + id;
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        int pullNumber = awaitValue(Duration.ofSeconds(30), () -> github().pulls(repo).stream()
                .filter(p -> p.path("head").path("ref").asText().equals(branch)).findFirst()
                .map(p -> p.path("number").asInt()).orElse(null));
        return new Published(id, branch, pullNumber, github().ref(repo, branch));
    }

    static String newDelivery() {
        return UUID.randomUUID().toString();
    }

    // --- webhook payloads, with the fields the hub reads and a few around them, as GitHub sends them

    static ObjectNode user(String login) {
        ObjectNode user = JSON.createObjectNode().put("login", login).put("id", Math.abs(login.hashCode()))
                .put("type", "User");
        return user;
    }

    static ObjectNode issue(String repository, int number, String title, String body, String author,
            String association, List<String> labels) {
        ObjectNode issue = JSON.createObjectNode().put("id", 9000 + number).put("number", number).put("title", title)
                .put("body", body).put("state", "open").put("author_association", association)
                .put("html_url", "https://github.test/" + repository + "/issues/" + number)
                .put("created_at", Instant.now().toString()).put("updated_at", Instant.now().toString());
        issue.set("user", user(author));
        ArrayNode labelNodes = issue.putArray("labels");
        labels.forEach(l -> labelNodes.addObject().put("name", l).put("color", "ededed"));
        return issue;
    }

    static ObjectNode envelope(String repository, String action, String sender) {
        ObjectNode payload = JSON.createObjectNode().put("action", action);
        payload.putObject("repository").put("id", 1).put("full_name", repository)
                .put("name", repository.substring(repository.indexOf('/') + 1)).put("default_branch", "main");
        payload.set("sender", user(sender));
        return payload;
    }

    /** {@code issues} / {@code labeled}: the trigger label added to an issue. */
    static ObjectNode labelled(String repository, int number, String title, String body, String author,
            String association, String label) {
        ObjectNode payload = envelope(repository, "labeled", author);
        payload.set("issue", issue(repository, number, title, body, author, association, List.of(label)));
        payload.putObject("label").put("name", label).put("color", "ededed");
        return payload;
    }

    /** {@code issues} / {@code opened}, with these labels. */
    static ObjectNode opened(String repository, int number, String title, String body, String author,
            String association, List<String> labels) {
        ObjectNode payload = envelope(repository, "opened", author);
        payload.set("issue", issue(repository, number, title, body, author, association, labels));
        return payload;
    }

    /** {@code pull_request_review_comment} / {@code created}: a comment on a line of the pull request. */
    static ObjectNode reviewComment(String repository, int pullNumber, String body, String path, int line,
            String author, String association) {
        ObjectNode payload = envelope(repository, "created", author);
        ObjectNode comment = payload.putObject("comment").put("id", github().newId()).put("body", body)
                .put("path", path).put("line", line).put("author_association", association)
                .put("pull_request_url", "https://github.test/api/v3/repos/" + repository + "/pulls/" + pullNumber);
        comment.set("user", user(author));
        payload.putObject("pull_request").put("number", pullNumber);
        return payload;
    }

    /** {@code pull_request_review} / {@code submitted}. */
    static ObjectNode review(String repository, int pullNumber, String state, String body, String author,
            String association) {
        ObjectNode payload = envelope(repository, "submitted", author);
        ObjectNode review = payload.putObject("review").put("id", github().newId()).put("state", state)
                .put("body", body).put("author_association", association);
        review.set("user", user(author));
        payload.putObject("pull_request").put("number", pullNumber);
        return payload;
    }

    /** {@code issue_comment} / {@code created}, on an issue or (with {@code onPullRequest}) a pull request. */
    static ObjectNode issueComment(String repository, int number, boolean onPullRequest, String body, String author,
            String association) {
        ObjectNode payload = envelope(repository, "created", author);
        ObjectNode issue = payload.putObject("issue").put("number", number);
        if (onPullRequest) {
            issue.putObject("pull_request").put("html_url", "https://github.test/" + repository + "/pull/" + number);
        }
        ObjectNode comment = payload.putObject("comment").put("id", github().newId()).put("body", body)
                .put("author_association", association);
        comment.set("user", user(author));
        return payload;
    }

    static <T> T awaitValue(Duration atMost, Supplier<T> value) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(value::get, v -> v != null);
    }
}
