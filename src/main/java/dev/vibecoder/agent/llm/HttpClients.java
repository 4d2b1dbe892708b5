package dev.vibecoder.agent.llm;

import java.net.http.HttpClient;
import java.time.Duration;

/** HTTP clients for the providers. */
final class HttpClients {

    private HttpClients() {
    }

    /**
     * HTTP/1.1 explicitly: the JDK client otherwise offers an h2c upgrade on plain-http base URLs
     * (local servers, proxies, test stand-ins), which many of them mishandle. The client keeps a
     * refusal's {@code Retry-After} for {@link ProviderGuards}.
     */
    static RetryAfterHttpClient.Builder http11(Duration timeout) {
        return RetryAfterHttpClient.builder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(timeout);
    }
}
