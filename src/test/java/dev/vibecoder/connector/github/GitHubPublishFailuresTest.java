package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vibecoder.project.Project;
import dev.vibecoder.support.GitHubStandIn;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Publishing a project when GitHub misbehaves: nothing of an incomplete answer is kept, so the next
 * try works once GitHub answers in full.
 */
class GitHubPublishFailuresTest extends GitHubFlowTestSupport {

    /** A completed project whose pull request is open. */
    private record Published(UUID id, String branch, int pullNumber, String head) {
    }

    private Published published(String repo, int issue, String title) {
        Reply reply = deliver("issues", newDelivery(), labelled(repo, issue, title, "As simple as it gets.",
                "octocat", "OWNER", "vibecoder"));
        UUID id = reply.projectId();
        String branch = "vibecoder/" + id;
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        int pullNumber = awaitValue(Duration.ofSeconds(30), () -> github().pulls(repo).stream()
                .filter(p -> p.path("head").path("ref").asText().equals(branch)).findFirst()
                .map(p -> p.path("number").asInt()).orElse(null));
        return new Published(id, branch, pullNumber, github().ref(repo, branch));
    }

    private String awaitRevisionPushed(String repo, Published project) {
        return awaitValue(Duration.ofSeconds(60), () -> project.head().equals(github().ref(repo, project.branch()))
                ? null : github().ref(repo, project.branch()));
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
                "select noted_sha = head_sha from github_projects where project_id = ?",
                Boolean.class, project.id()));
        assertThat(jdbc.queryForObject("select head_sha from github_projects where project_id = ?", String.class,
                project.id())).isEqualTo(second);
        assertThat(github().comments(repo, project.pullNumber())).hasSize(1);
    }
}
