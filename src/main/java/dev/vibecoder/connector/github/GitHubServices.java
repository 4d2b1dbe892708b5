package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import org.apache.camel.component.github.GitHubComponent;
import org.apache.camel.component.github.GitHubConstants;
import org.apache.camel.spi.ComponentCustomizer;
import org.eclipse.egit.github.core.IRepositoryIdProvider;
import org.eclipse.egit.github.core.Repository;
import org.eclipse.egit.github.core.client.GitHubClient;
import org.eclipse.egit.github.core.service.EventService;
import org.eclipse.egit.github.core.service.IssueService;
import org.eclipse.egit.github.core.service.PullRequestService;
import org.eclipse.egit.github.core.service.RepositoryService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points camel-github at the configured GitHub. camel-github has no base-URL option, but its
 * consumers and producers take their egit services from the registry under the names of
 * {@link GitHubConstants}, so the ones the hub's endpoints use (the repository service of every
 * endpoint, the event service of {@code github:event}, the pull request and issue services of
 * {@code github:pullRequestComment}) are bound here on one egit client made from the configured API URL:
 * github.com, GitHub Enterprise Server ({@code <host>/api/v3}, the prefix egit adds for any host but
 * api.github.com) or a local stand-in alike. The names are taken from the constants, not spelled
 * out: in Camel 4.17 the issue service is looked up as {@code githbIssueService} and the event
 * service as {@code GitHubEventService}. The repository service refuses incomplete answers
 * ({@link CompleteRepositories}).
 */
@Configuration(proxyBeanMethods = false)
public class GitHubServices {

    /** Connect and read timeout of every call to GitHub. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Bean
    GitHubRest gitHubRest(GitHubProperties properties, ObjectMapper json) {
        return new GitHubRest(properties.apiUrl(), properties.token(), json, TIMEOUT);
    }

    @Bean
    GitHubClient gitHubClient(GitHubProperties properties) {
        return new ConfiguredClient(properties.apiUrl(), properties.token());
    }

    @Bean(GitHubConstants.GITHUB_REPOSITORY_SERVICE)
    RepositoryService gitHubRepositoryService(GitHubClient client) {
        return new CompleteRepositories(client);
    }

    @Bean(GitHubConstants.GITHUB_ISSUE_SERVICE)
    IssueService gitHubIssueService(GitHubClient client) {
        return new IssueService(client);
    }

    @Bean(GitHubConstants.GITHUB_EVENT_SERVICE)
    EventService gitHubEventService(GitHubClient client) {
        return new EventService(client);
    }

    @Bean(GitHubConstants.GITHUB_PULL_REQUEST_SERVICE)
    PullRequestService gitHubPullRequestService(GitHubClient client) {
        return new PullRequestService(client);
    }

    /**
     * The component's token, so that no endpoint URI carries it (URIs are logged and shown in Hawtio).
     * camel-github endpoints refuse to start without one; they are only created when there is one.
     */
    @Bean
    ComponentCustomizer gitHubComponentToken(GitHubProperties properties) {
        return ComponentCustomizer.forType(GitHubComponent.class, component -> component.setOauthToken(
                properties.token()));
    }

    /**
     * egit's repository service, refusing an answer that lacks the repository's owner or name. Every
     * camel-github producer and consumer asks for its repository once, when it is created, and keeps
     * the answer for as long as it lives; Camel keeps the producer of an endpoint (the note's
     * {@code toD} included) until the hub stops. An incomplete answer kept there failed every later
     * call with "Repository id cannot be null", although GitHub answered in full again. Refused here,
     * it fails the creation instead: Camel keeps no producer that could not be created, so nothing of
     * the answer is kept and the next try asks GitHub again.
     */
    static final class CompleteRepositories extends RepositoryService {

        CompleteRepositories(GitHubClient client) {
            super(client);
        }

        @Override
        public Repository getRepository(IRepositoryIdProvider provider) throws IOException {
            Repository repository = super.getRepository(provider);
            if (repository == null || repository.getOwner() == null || blank(repository.getOwner().getLogin())
                    || blank(repository.getName())) {
                throw new IOException("GitHub's answer about repository " + provider.generateId()
                        + " lacks its " + (repository != null && !blank(repository.getName()) ? "owner" : "name")
                        + ": not used, asked again on the next try");
            }
            return repository;
        }

        private static boolean blank(String text) {
            return text == null || text.isBlank();
        }
    }

    /**
     * egit's client on the configured host, with timeouts (egit has none) and the media type and API
     * version the hub's own client sends.
     */
    static final class ConfiguredClient extends GitHubClient {

        ConfiguredClient(URI apiUrl, String token) {
            super(apiUrl.getHost(), apiUrl.getPort(), apiUrl.getScheme());
            setUserAgent(GitHubRest.USER_AGENT);
            if (token != null) {
                setOAuth2Token(token);
            }
        }

        @Override
        protected HttpURLConnection configureRequest(HttpURLConnection request) {
            super.configureRequest(request);
            request.setConnectTimeout((int) TIMEOUT.toMillis());
            request.setReadTimeout((int) TIMEOUT.toMillis());
            request.setRequestProperty("Accept", GitHubRest.MEDIA_TYPE);
            request.setRequestProperty("X-GitHub-Api-Version", GitHubRest.API_VERSION);
            return request;
        }
    }
}
