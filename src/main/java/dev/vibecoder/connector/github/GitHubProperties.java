package dev.vibecoder.connector.github;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub meets GitHub. The token and the webhook secret come from the environment only
 * ({@code GITHUB_TOKEN}, {@code GITHUB_WEBHOOK_SECRET}) and never appear in {@link #toString()}.
 *
 * @param apiUrl              GitHub's REST API: {@code https://api.github.com}, or {@code https://<host>/api/v3}
 *                            for GitHub Enterprise Server
 * @param token               a personal access token or a GitHub App installation token
 * @param webhookSecret       the secret the webhook's deliveries are signed with ({@code X-Hub-Signature-256})
 * @param triggerLabel        the issue label that starts a project
 * @param allowedAssociations the {@code author_association}s that may start projects and ask for revisions
 * @param mode                {@code webhook}: GitHub calls {@code /webhooks/github}; {@code polling}: the hub reads
 *                            the repositories' events
 * @param polling             the repositories polled, and how often
 * @param workflow            the workflow of projects started from issues; empty = the hub's default
 * @param progressSweep       how often progress comments whose last update did not reach GitHub are tried again
 * @param docsDirectory       where the documents go, as Markdown, in the pull request
 */
@ConfigurationProperties("vibecoder.github")
public record GitHubProperties(
        @DefaultValue("https://api.github.com") URI apiUrl,
        String token,
        String webhookSecret,
        @DefaultValue("vibecoder") String triggerLabel,
        @DefaultValue({"OWNER", "MEMBER", "COLLABORATOR"}) Set<String> allowedAssociations,
        @DefaultValue("webhook") Mode mode,
        @DefaultValue Polling polling,
        String workflow,
        @DefaultValue("10s") Duration progressSweep,
        @DefaultValue("docs/vibecoder") String docsDirectory) {

    public enum Mode {
        WEBHOOK, POLLING
    }

    /**
     * @param repositories {@code owner/name} of every repository polled
     * @param interval     between two polls of a repository's events (GitHub asks for at least 60 s)
     */
    public record Polling(@DefaultValue List<String> repositories, @DefaultValue("60s") Duration interval) {
    }

    public GitHubProperties {
        allowedAssociations = allowedAssociations.stream().map(a -> a.strip().toUpperCase(Locale.ROOT))
                .filter(a -> !a.isEmpty()).collect(Collectors.toUnmodifiableSet());
        token = blankToNull(token);
        webhookSecret = blankToNull(webhookSecret);
        workflow = blankToNull(workflow);
        triggerLabel = triggerLabel.strip();
        docsDirectory = docsDirectory.replaceAll("^/+|/+$", "");
    }

    public boolean polls() {
        return mode == Mode.POLLING;
    }

    public boolean allows(String association) {
        return association != null && allowedAssociations.contains(association.toUpperCase(Locale.ROOT));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Without the secrets: this record may be logged. */
    @Override
    public String toString() {
        return "GitHubProperties[apiUrl=" + apiUrl + ", token=" + (token == null ? "none" : "(set)")
                + ", webhookSecret=" + (webhookSecret == null ? "none" : "(set)") + ", triggerLabel=" + triggerLabel
                + ", allowedAssociations=" + allowedAssociations + ", mode=" + mode + ", polling=" + polling
                + ", workflow=" + workflow + "]";
    }
}
