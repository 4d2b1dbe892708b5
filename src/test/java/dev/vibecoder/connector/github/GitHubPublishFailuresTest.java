package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.broker.Outbox;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.GitHubStandIn;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Publishing a project when GitHub misbehaves: nothing of an incomplete answer is kept, so the next
 * try works once GitHub answers in full; a note that could not be posted waits in the dead letters
 * until it is replayed, and is posted once; the log and the progress comment say which step failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitHubPublishFailuresTest extends GitHubFlowTestSupport {

    @Autowired
    Outbox outbox;
    @Autowired
    CamelContext camel;

    private Published published(String repo, int issue, String title) {
        return awaitPullRequest(repo, deliver("issues", newDelivery(), labelled(repo, issue, title,
                "As simple as it gets.", "octocat", "OWNER", "vibecoder")));
    }

    private String awaitRevisionPushed(String repo, Published project) {
        return awaitValue(Duration.ofSeconds(60), () -> project.head().equals(github().ref(repo, project.branch()))
                ? null : github().ref(repo, project.branch()));
    }

    private String publishError(UUID projectId) {
        return jdbc.queryForObject("select publish_error from github_projects where project_id = ?", String.class,
                projectId);
    }

    @Test
    void aRepositoryAnsweredWithoutItsDefaultBranchIsNotRememberedAndThePullRequestOpensOnTheNextTry() {
        String repo = repository("nodefault");
        // the first publication asks for the base branch, and keeps it: the first answer lacks it
        github().answerWithout(repo, "default_branch", 1);
        Published project = published(repo, 3, "A dice roller");

        assertThat(github().answeredWithout(repo, "default_branch")).isEqualTo(1);
        assertThat(github().pulls(repo)).singleElement().satisfies(pull -> assertThat(pull.path("base").path("ref")
                .asText()).isEqualTo("main"));
        assertThat(jdbc.queryForObject("select base_branch from github_projects where project_id = ?", String.class,
                project.id())).isEqualTo("main");
        await().atMost(Duration.ofSeconds(10)).until(() -> publishError(project.id()) == null);
    }

    @Test
    void aRepositoryAnsweredWithoutItsOwnerIsNotKeptAndTheNoteIsPostedOnceGitHubAnswersInFull() {
        String repo = repository("partial");
        Published project = published(repo, 4, "A word counter");
        // the note's camel-github producer asks for the repository when it is created: the first answer lacks the owner
        github().answerWithout(repo, "owner", 1);

        Reply revision = deliver("pull_request_review", newDelivery(), review(repo, project.pullNumber(),
                "commented", "Count sentences too", "hubot", "COLLABORATOR"));
        assertThat(revision.outcome()).isEqualTo("revision");
        String second = awaitRevisionPushed(repo, project);

        // the listener's next try asks again, gets the whole answer and posts the note
        GitHubStandIn.Comment note = awaitValue(Duration.ofSeconds(30), () -> github().comments(repo,
                project.pullNumber()).stream().findFirst().orElse(null));
        assertThat(github().answeredWithout(repo, "owner")).isEqualTo(1);
        assertThat(note.body()).startsWith("VibeCoder pushed " + second);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select noted_sha = head_sha and publish_error is null from github_projects where project_id = ?",
                Boolean.class, project.id()));
        assertThat(jdbc.queryForObject("select head_sha from github_projects where project_id = ?", String.class,
                project.id())).isEqualTo(second);
        assertThat(github().comments(repo, project.pullNumber())).hasSize(1);
    }

    @Test
    void aNoteThatCouldNotBePostedWaitsInTheDeadLettersAndIsPostedOnceWhenReplayed(CapturedOutput output) {
        String repo = repository("notes");
        Published project = published(repo, 5, "A habit tracker");
        github().commentsRefused(repo, project.pullNumber(), true);

        Reply revision = deliver("pull_request_review", newDelivery(), review(repo, project.pullNumber(),
                "changes_requested", "Add a weekly streak", "hubot", "COLLABORATOR"));
        assertThat(revision.outcome()).isEqualTo("revision");
        String second = awaitRevisionPushed(repo, project);

        // the listener's tries are exhausted: project.completed waits in the dead letters, for the publisher
        JsonNode letter = awaitValue(Duration.ofSeconds(60), () -> {
            for (JsonNode l : api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class)) {
                if (l.path("projectId").asText().equals(project.id().toString())) {
                    return l;
                }
            }
            return null;
        });
        assertThat(letter.path("queue").asText()).isEqualTo(NAMESPACE + ".github.publish");
        assertThat(letter.path("routingKey").asText()).isEqualTo("project.completed");
        assertThat(github().comments(repo, project.pullNumber())).isEmpty();

        // the step that failed is named: the commit was pushed, the note was not posted
        String step = "posting the note on pull request #" + project.pullNumber() + " failed";
        assertThat(publishError(project.id())).startsWith(step).contains("502");
        assertThat(output.getOut()).contains("project " + project.id() + ": " + step)
                .doesNotContain("pull request of project " + project.id() + " not published");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github().comments(repo, 5).get(0)
                .body()).contains("done, see pull request #" + project.pullNumber(), "**Not finished on GitHub:** "
                        + step, "/api/dead-letters/replay?projectId=" + project.id())
                .doesNotContain("could not be opened"));

        // GitHub is back: the replay posts the note, once, and the failure leaves the progress comment
        github().commentsRefused(repo, project.pullNumber(), false);
        JsonNode replay = api().post().uri("/api/dead-letters/replay?projectId={id}", project.id()).retrieve()
                .body(JsonNode.class);
        assertThat(replay.path("replayed").asInt()).isEqualTo(1);
        GitHubStandIn.Comment note = awaitValue(Duration.ofSeconds(30), () -> github().comments(repo,
                project.pullNumber()).stream().findFirst().orElse(null));
        assertThat(note.body()).startsWith("VibeCoder pushed " + second);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select publish_error is null and noted_sha = head_sha from github_projects where project_id = ?",
                Boolean.class, project.id()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github().comments(repo, 5).get(0)
                .body()).contains("done, see pull request #" + project.pullNumber())
                .doesNotContain("Not finished on GitHub"));

        // a second replay finds nothing, and the same completion delivered again posts no second note
        assertThat(api().post().uri("/api/dead-letters/replay?projectId={id}", project.id()).retrieve()
                .body(JsonNode.class).path("replayed").asInt()).isZero();
        NotifyBuilder handled = new NotifyBuilder(camel).fromRoute("github-publish")
                .filter(e -> project.id().equals(e.getProperty(PullRequestPublisher.PROJECT))).whenCompleted(1)
                .create();
        outbox.event(FlowEvent.project(project.id(), "completed"));
        assertThat(handled.matches(10, TimeUnit.SECONDS)).as("the publisher handled the event again").isTrue();
        assertThat(github().comments(repo, project.pullNumber())).hasSize(1);
        assertThat(github().ref(repo, project.branch())).isEqualTo(second);
    }
}
