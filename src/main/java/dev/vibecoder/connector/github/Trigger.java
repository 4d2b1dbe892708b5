package dev.vibecoder.connector.github;

import java.util.UUID;

/** What a GitHub event asks of the hub, decided by {@link GitHubTriggers}. */
public sealed interface Trigger {

    GitHubEvent event();

    /** "start", "revise" or "ignore": where the {@code github-event} route sends it. */
    String kind();

    /**
     * An issue that starts a project.
     *
     * @param idea the issue's visible title and body, capped
     */
    record StartProject(GitHubEvent event, String repository, int issueNumber, String issueTitle, String author,
            String idea) implements Trigger {

        @Override
        public String kind() {
            return "start";
        }
    }

    /** A review of a project's pull request, or a {@code /vibecoder revise} comment, from an allowed user. */
    record Revise(GitHubEvent event, UUID projectId, String feedback, String by) implements Trigger {

        @Override
        public String kind() {
            return "revise";
        }
    }

    /** Nothing to do, and why. */
    record Ignore(GitHubEvent event, String reason) implements Trigger {

        @Override
        public String kind() {
            return "ignore";
        }
    }
}
