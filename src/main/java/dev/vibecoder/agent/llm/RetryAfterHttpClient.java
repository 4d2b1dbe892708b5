package dev.vibecoder.agent.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The providers' HTTP client: langchain4j's JDK client loses a refusal's headers, so a provider's
 * {@code Retry-After} (or {@code retry-after-ms}) never reaches whoever retries. This one keeps it on
 * the exception ({@link Refusal}), which langchain4j keeps as the cause of its own exceptions. A 429
 * without one (OpenAI's often have none) gets the wait its rate-limit headers or message tell.
 * Streaming is not used by the hub and goes to langchain4j's client unchanged.
 */
final class RetryAfterHttpClient implements HttpClient {

    /** A non-2xx answer, with how long the provider asked us to wait (if it did). */
    static final class Refusal extends HttpException {
        private final transient Duration retryAfter;

        Refusal(int statusCode, String body, Duration retryAfter) {
            super(statusCode, body);
            this.retryAfter = retryAfter;
        }

        Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    private final java.net.http.HttpClient client;
    private final Builder settings;
    private final Duration readTimeout;
    private JdkHttpClient streaming;

    private RetryAfterHttpClient(Builder builder) {
        this.client = builder.jdk.build();
        this.settings = builder;
        this.readTimeout = builder.readTimeout;
    }

    static Builder builder(java.net.http.HttpClient.Builder jdk) {
        return new Builder(jdk);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder jdkRequest = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .method(request.method().name(), request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> values.forEach(value -> jdkRequest.header(name, value)));
        if (readTimeout != null) {
            jdkRequest.timeout(readTimeout);
        }
        HttpResponse<String> response;
        try {
            response = client.send(jdkRequest.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model provider", e);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            Duration wait = retryAfter(response.headers());
            if (wait == null && response.statusCode() == 429) {
                wait = rateLimitReset(response.headers(), response.body());
            }
            throw new Refusal(response.statusCode(), response.body(), wait);
        }
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map())
                .body(response.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        synchronized (this) {
            if (streaming == null) {
                streaming = JdkHttpClient.builder().httpClientBuilder(settings.jdk)
                        .connectTimeout(settings.connectTimeout).readTimeout(settings.readTimeout).build();
            }
        }
        streaming.execute(request, parser, listener);
    }

    /** {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().trim();
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(text) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * How long until a rate limit clears, for a 429 without {@code Retry-After}, as OpenAI sends it:
     * its {@code x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens} headers (Go
     * durations: {@code 1s}, {@code 6m0s}, {@code 120ms}), of the budget that is used up
     * ({@code x-ratelimit-remaining-*} 0; the later if both are), else the later of the two (a request
     * larger than the tokens left), else the message's "Please try again in 1.5s"; null if none says.
     */
    static Duration rateLimitReset(HttpHeaders headers, String body) {
        Duration exhausted = null;
        Duration any = null;
        for (String budget : List.of("requests", "tokens")) {
            Duration reset = headers.firstValue("x-ratelimit-reset-" + budget).map(RetryAfterHttpClient::goDuration)
                    .orElse(null);
            if (reset == null) {
                continue;
            }
            any = later(any, reset);
            if (headers.firstValue("x-ratelimit-remaining-" + budget).map(String::trim).filter("0"::equals).isPresent()) {
                exhausted = later(exhausted, reset);
            }
        }
        if (any != null) {
            return exhausted != null ? exhausted : any;
        }
        Matcher hint = TRY_AGAIN.matcher(body == null ? "" : body);
        return hint.find() ? goDuration(hint.group(1)) : null;
    }

    private static final String GO_DURATION_PART = "(\\d+(?:\\.\\d+)?)(ns|us|\\u00b5s|ms|h|m|s)";
    private static final Pattern GO_DURATION = Pattern.compile(GO_DURATION_PART);
    private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in ((?:" + GO_DURATION_PART + ")+)");

    /** A Go duration ({@code 1h2m3.5s}, {@code 120ms}); null if the text is not one. */
    static Duration goDuration(String text) {
        String trimmed = text.trim();
        Matcher part = GO_DURATION.matcher(trimmed);
        double nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            double value = Double.parseDouble(part.group(1));
            nanos += value * switch (part.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "ns" -> 1;
                default -> 1e3;
            };
            end = part.end();
        }
        return end > 0 && end == trimmed.length() ? Duration.ofNanos((long) nanos) : null;
    }

    private static Duration later(Duration one, Duration other) {
        return one == null || other.compareTo(one) > 0 ? other : one;
    }

    /** What the langchain4j model builders configure: the timeouts they were given. */
    static final class Builder implements HttpClientBuilder {
        private final java.net.http.HttpClient.Builder jdk;
        private Duration connectTimeout;
        private Duration readTimeout;

        private Builder(java.net.http.HttpClient.Builder jdk) {
            this.jdk = jdk;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            if (timeout != null) {
                jdk.connectTimeout(timeout);
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new RetryAfterHttpClient(this);
        }
    }
}
