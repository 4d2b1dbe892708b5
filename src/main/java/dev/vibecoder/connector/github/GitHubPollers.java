package dev.vibecoder.connector.github;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In polling mode, one route per configured repository from the {@code github-poller} template of
 * {@code routes/github.yaml}. They are added once the hub is up, not with the other routes: the
 * camel-github consumer reads the repository from GitHub when it is created, and a GitHub that
 * cannot be reached at that moment must not keep the hub from starting. A poller that cannot
 * start is tried again after the poll interval.
 */
@Component
public class GitHubPollers {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubPollers.class);

    private final CamelContext camel;
    private final GitHubConnector connector;
    private final GitHubProjects projects;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "github-poller-start");
        thread.setDaemon(true);
        return thread;
    });

    public GitHubPollers(CamelContext camel, GitHubConnector connector, GitHubProjects projects) {
        this.camel = camel;
        this.connector = connector;
        this.projects = projects;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startConfigured() {
        GitHubProperties properties = connector.properties();
        if (!properties.polls() || !connector.enabled()) {
            return;
        }
        for (String repository : properties.polling().repositories()) {
            startOrRetry(repository.strip(), properties.polling().interval());
        }
    }

    private void startOrRetry(String repository, Duration interval) {
        try {
            poll(repository, interval);
        } catch (Exception e) {
            LOG.warn("cannot poll {} yet, trying again in {}: {}", repository, interval, e.getMessage());
            retries.schedule(() -> startOrRetry(repository, interval), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts polling a repository's events every {@code interval}; returns the route's id. Polling
     * begins now: what happened in the repository before is not acted on. Package-private: the hub
     * polls the configured repositories, tests the ones they make.
     */
    String poll(String repository, Duration interval) throws Exception {
        if (!GitHubConnector.REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("'" + repository + "' is not owner/name");
        }
        projects.pollingSince(repository);
        String routeId = routeId(repository);
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        String[] parts = repository.split("/");
        try {
            TemplatedRouteBuilder.builder(camel, "github-poller")
                    .routeId(routeId)
                    .parameter("repository", repository)
                    .parameter("repoOwner", parts[0])
                    .parameter("repoName", parts[1])
                    .parameter("interval", String.valueOf(interval.toMillis()))
                    .add();
        } catch (RuntimeException e) {
            if (camel.getRoute(routeId) != null) {
                camel.removeRoute(routeId);
            }
            throw e;
        }
        LOG.info("polling the events of {} every {} (route {})", repository, interval, routeId);
        return routeId;
    }

    /** Stops polling a repository (a test's repository, when the test is done with it). */
    void stop(String repository) throws Exception {
        String routeId = routeId(repository);
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    static String routeId(String repository) {
        return "github-poller-" + repository.toLowerCase().replace('/', '-');
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
    }
}
