package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.access.AccessRole;
import dev.vibecoder.access.Identities;
import dev.vibecoder.workflow.ProjectIntake;
import dev.vibecoder.workflow.Revisions;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Decides what a GitHub event asks of the hub. Only two things start work, and only from users whose
 * {@code author_association} is allowed:
 * <ul>
 * <li>an issue opened with the trigger label, or labelled with it, starts a project (it is the
 * issue's author who must be allowed: the text becomes the idea, whoever adds the label);
 * <li>on a project's pull request, a review with a body (commented or changes requested; an approval
 * is not a request for changes) or a review comment, or on its issue or pull request a comment
 * {@code /vibecoder revise <what to change>}, asks for a revision. The feedback is the text after
 * the command wherever it is written: a review or review comment that starts with the command is
 * taken without it, as a comment is.
 * </ul>
 * Everything else is ignored, with the reason.
 */
@Component("gitHubTriggers")
public class GitHubTriggers {

    private static final Pattern REVISE = Pattern.compile("^/vibecoder\\s+revise\\b\\s*(.*)\\z",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private final GitHubProperties properties;
    private final GitHubProjects projects;
    private final int maxIdeaLength;

    public GitHubTriggers(GitHubProperties properties, GitHubProjects projects, ProjectIntake intake,
            Identities identities) {
        this.identities = identities;
        this.properties = properties;
        this.projects = projects;
        this.maxIdeaLength = intake.maxIdeaLength();
    }

    private final Identities identities;

    public Trigger decide(GitHubEvent event) {
        return switch (event.name()) {
            case "ping" -> new Trigger.Ignore(event, "ping: the webhook reaches this hub");
            case "issues" -> issue(event);
            case "issue_comment" -> issueComment(event);
            case "pull_request_review" -> review(event);
            case "pull_request_review_comment" -> reviewComment(event);
            default -> new Trigger.Ignore(event, "'" + event.name() + "' events are not handled");
        };
    }

    private Trigger issue(GitHubEvent event) {
        JsonNode issue = event.payload().path("issue");
        int number = issue.path("number").asInt();
        String label = properties.triggerLabel();
        switch (event.action()) {
            case "opened" -> {
                if (!hasLabel(issue, label)) {
                    return new Trigger.Ignore(event, "issue #" + number + " was opened without the label '" + label
                            + "'");
                }
            }
            case "labeled" -> {
                String added = event.payload().path("label").path("name").asText("");
                if (!added.equalsIgnoreCase(label)) {
                    return new Trigger.Ignore(event, "issue #" + number + " was labelled '" + added
                            + "', not '" + label + "'");
                }
            }
            default -> {
                return new Trigger.Ignore(event, "issues action '" + event.action() + "' is not handled");
            }
        }
        Optional<String> refused = refuse(event, issue, "issue #" + number);
        if (refused.isPresent()) {
            return new Trigger.Ignore(event, refused.get());
        }
        String title = issue.path("title").asText("");
        String idea = IssueText.idea(title, issue.path("body").asText(""), maxIdeaLength);
        if (idea.isEmpty()) {
            return new Trigger.Ignore(event, "issue #" + number + " has no visible text to start from");
        }
        String visibleTitle = IssueText.visible(title).replace('\n', ' ');
        return new Trigger.StartProject(event, event.repository(), number,
                visibleTitle.isEmpty() ? "issue #" + number : visibleTitle,
                issue.path("user").path("login").asText(""), idea);
    }

    private Trigger issueComment(GitHubEvent event) {
        if (!event.action().equals("created")) {
            return new Trigger.Ignore(event, "issue_comment action '" + event.action() + "' is not handled");
        }
        JsonNode comment = event.payload().path("comment");
        Matcher command = REVISE.matcher(IssueText.visible(comment.path("body").asText("")));
        if (!command.matches()) {
            return new Trigger.Ignore(event, "the comment is not a /vibecoder revise command");
        }
        JsonNode issue = event.payload().path("issue");
        int number = issue.path("number").asInt();
        Optional<String> refused = refuse(event, comment, "the comment");
        if (refused.isPresent()) {
            return new Trigger.Ignore(event, refused.get());
        }
        // a comment on a pull request is a comment on its issue: the project is found by either number
        Optional<GitHubProjects.Link> link = projects.byIssue(event.repository(), number)
                .or(() -> issue.has("pull_request") ? projects.byPullRequest(event.repository(), number)
                        : Optional.empty());
        if (link.isEmpty()) {
            return new Trigger.Ignore(event, "#" + number + " belongs to no VibeCoder project");
        }
        return revise(event, link.get().projectId(), "", command.group(1), comment);
    }

    private Trigger review(GitHubEvent event) {
        if (!event.action().equals("submitted")) {
            return new Trigger.Ignore(event, "pull_request_review action '" + event.action() + "' is not handled");
        }
        JsonNode review = event.payload().path("review");
        String state = review.path("state").asText("").toLowerCase(Locale.ROOT);
        if (state.equals("approved")) {
            return new Trigger.Ignore(event, "an approving review asks for no changes");
        }
        String body = IssueText.visible(review.path("body").asText(""));
        if (body.isEmpty()) {
            return new Trigger.Ignore(event, "the review has no text; its comments arrive on their own");
        }
        return reviewOfProject(event, review, state.equals("changes_requested") ? "Changes requested: " : "",
                withoutCommand(body));
    }

    private Trigger reviewComment(GitHubEvent event) {
        if (!event.action().equals("created")) {
            return new Trigger.Ignore(event, "pull_request_review_comment action '" + event.action()
                    + "' is not handled");
        }
        JsonNode comment = event.payload().path("comment");
        String body = IssueText.visible(comment.path("body").asText(""));
        if (body.isEmpty()) {
            return new Trigger.Ignore(event, "the review comment has no text");
        }
        String path = IssueText.visible(comment.path("path").asText(""));
        JsonNode line = comment.path("line");
        String where = path.isEmpty() ? "" : "On " + path + (line.isInt() ? " line " + line.asInt() : "") + ": ";
        return reviewOfProject(event, comment, where, withoutCommand(body));
    }

    /**
     * A review is a request for changes as it is, but reviewers write the command there too, as they
     * would on the issue: what it asks for is the text after it, as for an issue comment.
     */
    private static String withoutCommand(String visibleBody) {
        Matcher command = REVISE.matcher(visibleBody);
        return command.matches() ? command.group(1) : visibleBody;
    }

    private Trigger reviewOfProject(GitHubEvent event, JsonNode review, String context, String feedback) {
        int number = event.payload().path("pull_request").path("number").asInt();
        Optional<String> refused = refuse(event, review, "the review");
        if (refused.isPresent()) {
            return new Trigger.Ignore(event, refused.get());
        }
        Optional<GitHubProjects.Link> link = projects.byPullRequest(event.repository(), number);
        if (link.isEmpty()) {
            return new Trigger.Ignore(event, "pull request #" + number + " was not opened by VibeCoder");
        }
        return revise(event, link.get().projectId(), context, feedback, review);
    }

    /** A revision with this feedback, after {@code context} (where a review comment is, what a review is). */
    private Trigger revise(GitHubEvent event, UUID projectId, String context, String feedback, JsonNode by) {
        String text = IssueText.visible(feedback);
        if (text.isEmpty()) {
            return new Trigger.Ignore(event, "say what to change: /vibecoder revise <what to change>");
        }
        return new Trigger.Revise(event, projectId, IssueText.cap(context + text, Revisions.MAX_FEEDBACK),
                "@" + by.path("user").path("login").asText("unknown"));
    }

    /** Why this author may not trigger anything, or empty when they may. */
    private Optional<String> refuse(GitHubEvent event, JsonNode authored, String what) {
        if (!GitHubConnector.REPOSITORY.matcher(event.repository()).matches()) {
            return Optional.of("the payload names no repository");
        }
        JsonNode user = authored.path("user");
        if ("Bot".equals(user.path("type").asText())) {
            return Optional.of(what + " was written by a bot (@" + user.path("login").asText() + ")");
        }
        // a login linked to an identity has that identity's rights, whatever its standing in the repository
        String login = user.path("login").asText("");
        Optional<Identities.Identity> linked = identities == null ? Optional.empty()
                : identities.linked(Identities.Channel.GITHUB, login);
        if (linked.isPresent()) {
            return linked.get().role().includes(AccessRole.REQUESTER) ? Optional.empty()
                    : Optional.of(what + " is by @" + login + ", linked to identity " + linked.get().name() + " ("
                            + linked.get().role().id() + "), who may not trigger VibeCoder");
        }
        String association = authored.path("author_association").asText("NONE");
        if (!properties.allows(association)) {
            return Optional.of(what + " is by @" + user.path("login").asText("unknown") + " (" + association
                    + "), who may not trigger VibeCoder; allowed: " + properties.allowedAssociations().stream()
                            .sorted().toList());
        }
        return Optional.empty();
    }

    private static boolean hasLabel(JsonNode issue, String label) {
        for (JsonNode l : issue.path("labels")) {
            if (l.path("name").asText("").equalsIgnoreCase(label)) {
                return true;
            }
        }
        return false;
    }
}
