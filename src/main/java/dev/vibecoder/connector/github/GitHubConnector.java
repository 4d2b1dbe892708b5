package dev.vibecoder.connector.github;

import dev.vibecoder.workflow.WorkflowCatalog;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether the GitHub connector can work, and why not. A hub without a token or webhook secret still
 * starts: it says so once at start-up, and the webhook answers 503 with the reason. Settings that
 * are wrong rather than missing (an API address egit cannot use, an unknown workflow, a repository
 * that is not {@code owner/name}) stop the start, like the hub's other configuration errors.
 */
@Component
public class GitHubConnector {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubConnector.class);
    static final String PUBLIC_API_HOST = "api.github.com";
    /** GitHub's rules for owner and repository names. */
    static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");

    private final GitHubProperties properties;
    private final List<String> missing = new ArrayList<>();

    public GitHubConnector(GitHubProperties properties, WorkflowCatalog workflows) {
        this.properties = properties;
        checkApiUrl(properties.apiUrl());
        if (properties.workflow() != null && !workflows.exists(properties.workflow())) {
            throw new IllegalStateException("vibecoder.github.workflow: no workflow '" + properties.workflow()
                    + "'; known: " + workflows.ids());
        }
        if (properties.triggerLabel().isEmpty()) {
            throw new IllegalStateException("vibecoder.github.trigger-label must not be empty");
        }
        for (String repository : properties.polling().repositories()) {
            if (!REPOSITORY.matcher(repository.strip()).matches()) {
                throw new IllegalStateException("vibecoder.github.polling.repositories: '" + repository
                        + "' is not owner/name");
            }
        }
        if (properties.token() == null) {
            missing.add("GITHUB_TOKEN is not set");
        }
        if (properties.mode() == GitHubProperties.Mode.WEBHOOK && properties.webhookSecret() == null) {
            missing.add("GITHUB_WEBHOOK_SECRET is not set");
        }
        if (properties.polls() && properties.polling().repositories().isEmpty()) {
            missing.add("polling mode has no repositories (VIBECODER_GITHUB_REPOSITORIES)");
        }
    }

    /**
     * egit addresses GitHub Enterprise as {@code <host>/api/v3} and github.com as {@code api.github.com}:
     * the configured address must be one of the two, so that egit and the hub's own client agree.
     */
    static void checkApiUrl(URI url) {
        String where = "vibecoder.github.api-url (GITHUB_API_URL) '" + url + "': ";
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            throw new IllegalStateException(where + "must be an http(s) address");
        }
        String path = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
        if (PUBLIC_API_HOST.equalsIgnoreCase(url.getHost()) ? !path.isEmpty() : !path.equals("/api/v3")) {
            throw new IllegalStateException(where + "use https://api.github.com, or https://<host>/api/v3 for "
                    + "GitHub Enterprise Server");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (!missing.isEmpty()) {
            LOG.warn("GitHub connector off: {}. {}", String.join("; ", missing), properties.polls()
                    ? "Nothing is polled." : "POST /webhooks/github answers 503 until it is configured.");
            return;
        }
        LOG.info("GitHub connector on: {} at {}; issues labelled '{}' by {} start projects{}",
                properties.polls() ? "polling " + properties.polling().repositories() + " every "
                        + properties.polling().interval() : "webhook /webhooks/github", properties.apiUrl(),
                properties.triggerLabel(), properties.allowedAssociations(),
                properties.workflow() == null ? "" : " with workflow '" + properties.workflow() + "'");
    }

    /** Whether the hub may call GitHub at all (comments, pull requests, polling). */
    public boolean enabled() {
        return properties.token() != null;
    }

    /** Why webhook deliveries cannot be taken now, or empty when they can. */
    public Optional<String> webhookUnavailable() {
        if (properties.polls()) {
            return Optional.of("this hub polls GitHub (vibecoder.github.mode=polling); webhooks are off");
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("the GitHub connector is not configured: " + String.join("; ", missing));
    }

    public GitHubProperties properties() {
        return properties;
    }
}
