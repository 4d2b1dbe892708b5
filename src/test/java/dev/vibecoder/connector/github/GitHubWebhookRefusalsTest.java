package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.support.GitHubStandIn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Deliveries that may not start anything start nothing: not signed, signed with another secret or
 * over another body (401, before the body is even read), not a trigger, not from an allowed author,
 * not a webhook delivery at all (400, 415), or one seen before.
 */
class GitHubWebhookRefusalsTest extends GitHubFlowTestSupport {

    private static String repo;
    private static String replayed;

    @BeforeAll
    static void repositories() {
        repo = repository("refusals");
        replayed = repository("replayed");
    }

    @Test
    void deliveriesThatMayNotStartAProjectStartNothing() {
        byte[] body = labelled(repo, 1, "A unit converter", "Convert units.", "octocat", "OWNER", "vibecoder")
                .toString().getBytes(StandardCharsets.UTF_8);

        Reply unsigned = post("issues", newDelivery(), body, null, MediaType.APPLICATION_JSON);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.reason()).contains("X-Hub-Signature-256 is missing");
        Reply otherSecret = post("issues", newDelivery(), body, WebhookSignature.sign("not-the-secret", body),
                MediaType.APPLICATION_JSON);
        assertThat(otherSecret.status()).isEqualTo(401);
        assertThat(otherSecret.reason()).contains("does not match");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("OWNER", "NONE ")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(post("issues", newDelivery(), body, WebhookSignature.sign(GitHubStandIn.WEBHOOK_SECRET, tampered),
                MediaType.APPLICATION_JSON).status()).isEqualTo(401);
        assertThat(post("issues", newDelivery(), body, "sha256=not-hex", MediaType.APPLICATION_JSON).status())
                .isEqualTo(401);
        // the signature is checked before the body is read: a bad one over garbage is still a 401
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThat(post("issues", newDelivery(), garbage, "sha256=" + "0".repeat(64), MediaType.APPLICATION_JSON)
                .status()).isEqualTo(401);

        // signed, but not a webhook delivery the hub can read
        String signed = WebhookSignature.sign(GitHubStandIn.WEBHOOK_SECRET, garbage);
        Reply notJson = post("issues", newDelivery(), garbage, signed, MediaType.APPLICATION_JSON);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.reason()).startsWith("the body is not JSON");
        String bodySignature = WebhookSignature.sign(GitHubStandIn.WEBHOOK_SECRET, body);
        assertThat(post(null, newDelivery(), body, bodySignature, MediaType.APPLICATION_JSON).status()).isEqualTo(400);
        assertThat(post("issues", null, body, bodySignature, MediaType.APPLICATION_JSON).status()).isEqualTo(400);
        assertThat(post("issues", newDelivery(), body, bodySignature, MediaType.APPLICATION_FORM_URLENCODED).status())
                .isEqualTo(415);

        // signed and readable, but no request for the hub: a 2xx with the reason, so GitHub shows no failure
        assertIgnored("ping", envelope(repo, "created", "octocat"), "ping");
        assertIgnored("issues", opened(repo, 2, "A unit converter", "Convert units.", "octocat", "OWNER",
                List.of("enhancement")), "without the label 'vibecoder'");
        assertIgnored("issues", labelled(repo, 3, "A unit converter", "Convert units.", "octocat", "OWNER",
                "enhancement"), "labelled 'enhancement', not 'vibecoder'");
        assertIgnored("issues", labelled(repo, 4, "A unit converter", "Convert units.", "mallory", "CONTRIBUTOR",
                "vibecoder"), "@mallory (CONTRIBUTOR), who may not trigger VibeCoder");
        assertIgnored("issues", opened(repo, 5, "A unit converter", "Convert units.", "mallory", "NONE",
                List.of("vibecoder")), "@mallory (NONE), who may not trigger VibeCoder");
        assertIgnored("issues", labelled(repo, 6, "<!-- nothing to see -->", "\u200B", "octocat", "OWNER",
                "vibecoder"), "no visible text");
        assertIgnored("issues", envelope(repo, "closed", "octocat"), "issues action 'closed' is not handled");
        assertIgnored("push", envelope(repo, "created", "octocat"), "'push' events are not handled");
        assertIgnored("issue_comment", issueComment(repo, 2, false, "/vibecoder revise Add metric units", "octocat",
                "OWNER"), "#2 belongs to no VibeCoder project");
        assertIgnored("issue_comment", issueComment(repo, 2, false, "Nice idea!", "octocat", "OWNER"),
                "not a /vibecoder revise command");
        assertIgnored("pull_request_review_comment", reviewComment(repo, 77, "Rename this", "a.py", 1, "octocat",
                "OWNER"), "pull request #77 was not opened by VibeCoder");
        assertThat(projectsOf(repo)).isZero();
    }

    @Test
    void aReplayedDeliveryAndRevisionsThatMayNotBeAskedForStartNothing() {
        String delivery = newDelivery();
        Reply first = deliver("issues", delivery, labelled(replayed, 10, "A habit tracker", "Daily habits.", "octocat",
                "COLLABORATOR", "vibecoder"));
        assertThat(first.status()).isEqualTo(202);
        Reply replay = deliver("issues", delivery, labelled(replayed, 10, "A habit tracker", "Daily habits.", "octocat",
                "COLLABORATOR", "vibecoder"));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.outcome()).isEqualTo("duplicate");
        assertThat(replay.projectId()).isEqualTo(first.projectId());
        assertThat(projectsOf(replayed)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from github_projects where project_id = ? and issue_number = 10",
                Integer.class, first.projectId())).isEqualTo(1);

        // on the project's issue, a revision only from allowed users, and not while the project is at work
        assertIgnored("issue_comment", issueComment(replayed, 10, false, "/vibecoder revise Weekly habits too",
                "mallory", "NONE"), "@mallory (NONE), who may not trigger VibeCoder");
        ObjectNode bot = issueComment(replayed, 10, false, "/vibecoder revise Weekly habits too", "ci-bot",
                "COLLABORATOR");
        ((ObjectNode) bot.path("comment").path("user")).put("type", "Bot");
        assertIgnored("issue_comment", bot, "written by a bot (@ci-bot)");
        assertIgnored("issue_comment", issueComment(replayed, 10, false, "/vibecoder revise", "octocat", "OWNER"),
                "say what to change");
        Reply early = deliver("issue_comment", newDelivery(), issueComment(replayed, 10, false,
                "/vibecoder revise Weekly habits too", "octocat", "OWNER"));
        assertThat(early.status()).isEqualTo(200);
        assertThat(early.outcome()).isEqualTo("ignored");
        assertThat(early.reason()).isEqualTo("project " + first.projectId()
                + " is RUNNING: only a completed project can be revised");
        assertThat(jdbc.queryForObject("select count(*) from github_deliveries where project_id = ?", Integer.class,
                first.projectId())).isEqualTo(1);
    }

    @Test
    void theOpenedAndLabeledEventsGitHubSendsTogetherStartOneProject() {
        // an issue created with the label: GitHub delivers "opened" and "labeled" at the same moment
        List<CompletableFuture<Reply>> replies = List.of(
                CompletableFuture.supplyAsync(() -> deliver("issues", newDelivery(), opened(replayed, 11,
                        "A flashcard app", "Spaced repetition.", "octocat", "OWNER", List.of("vibecoder")))),
                CompletableFuture.supplyAsync(() -> deliver("issues", newDelivery(), labelled(replayed, 11,
                        "A flashcard app", "Spaced repetition.", "octocat", "OWNER", "vibecoder"))));
        List<Reply> answered = replies.stream().map(CompletableFuture::join).toList();
        assertThat(answered).extracting(Reply::status).containsExactlyInAnyOrder(202, 200);
        Reply started = answered.stream().filter(r -> r.status() == 202).findFirst().orElseThrow();
        assertThat(answered).filteredOn(r -> r.status() == 200).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("already has project " + started.projectId()));
        assertThat(jdbc.queryForObject("select count(*) from projects where source = ?", Integer.class,
                "github:" + replayed + "#11")).isEqualTo(1);
    }

    private void assertIgnored(String event, ObjectNode payload, String reason) {
        Reply reply = deliver(event, newDelivery(), payload);
        assertThat(reply.status()).as(event + " " + payload.path("action")).isEqualTo(200);
        assertThat(reply.outcome()).isEqualTo("ignored");
        assertThat(reply.reason()).contains(reason);
    }

    private int projectsOf(String repository) {
        return jdbc.queryForObject("select count(*) from projects where source like ?", Integer.class,
                "github:" + repository + "#%");
    }
}
