package dev.vibecoder.agent.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * One retry, one concurrency limit (bulkhead) and one circuit breaker per model provider, shared by
 * every role that talks to it, and the decorator that puts a role's model behind them. Their state
 * is on {@code /actuator/prometheus} ({@code resilience4j_circuitbreaker_state{name=<provider>}},
 * {@code resilience4j_retry_calls_total}, {@code resilience4j_bulkhead_available_concurrent_calls}).
 */
@Component
@EnableConfigurationProperties(ModelFaultSettings.class)
public class ProviderGuards {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderGuards.class);

    /** A provider's guards. */
    record Guards(String provider, Retry retry, Bulkhead bulkhead, CircuitBreaker circuitBreaker, int maxAttempts) {
    }

    private final ModelFaultSettings settings;
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
    /** Built once per provider: its roles share them, and each of their events is logged once, not once per role. */
    private final Map<String, Guards> byProvider = new HashMap<>();

    public ProviderGuards(ModelFaultSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(metrics);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(metrics);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(metrics);
    }

    /** The model behind its provider's guards; {@code maxRetries} is the provider's {@code max-retries}. */
    public ChatModel guard(String provider, int maxRetries, ChatModel model) {
        return new GuardedChatModel(model, guards(provider, maxRetries));
    }

    /** The circuit breaker of a provider (for health and tests); empty if no role uses it. */
    public Optional<CircuitBreaker> circuitBreaker(String provider) {
        return circuitBreakers.find(provider);
    }

    private synchronized Guards guards(String provider, int maxRetries) {
        Guards built = byProvider.get(provider);
        if (built != null) {
            return built;
        }
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                settings.backoffMultiplier(), settings.backoffJitter(), settings.maxBackoff());
        int maxAttempts = Math.max(1, maxRetries + 1);
        Retry retry = retries.retry(provider, RetryConfig.<Object>custom()
                .maxAttempts(maxAttempts)
                .retryOnException(ProviderGuards::passing)
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft()
                        ? retryAfter(outcome.getLeft()).map(wait -> Math.min(wait.toMillis(), settings.maxBackoff().toMillis()))
                                .orElseGet(() -> backoff.apply(attempt))
                        : backoff.apply(attempt))
                .build());
        Bulkhead bulkhead = bulkheads.bulkhead(provider, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxWaitForCall())
                .build());
        CircuitBreaker circuitBreaker = circuitBreakers.circuitBreaker(provider, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.probeCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // a refusal of the request itself (400, 401, 404) says nothing about the provider's health
                .ignoreException(e -> !passing(e))
                .build());
        retry.getEventPublisher().onRetry(event -> LOG.warn("{} call failed ({}), try {} of {} in {} ms", provider,
                describe(event.getLastThrowable()), event.getNumberOfRetryAttempts() + 1, maxAttempts,
                event.getWaitInterval().toMillis()));
        circuitBreaker.getEventPublisher().onStateTransition(event -> LOG.warn("{} circuit {}", provider,
                event.getStateTransition()));
        built = new Guards(provider, retry, bulkhead, circuitBreaker, maxAttempts);
        byProvider.put(provider, built);
        return built;
    }

    /**
     * Whether a call's failure may pass: rate limits, the provider's own errors (5xx), request
     * timeouts, resets and refused connections. A request the provider rejects (400, 401, 403, 404)
     * fails the same way every time.
     */
    static boolean passing(Throwable error) {
        if (error instanceof CallNotPermittedException || error instanceof ModelUnavailableException) {
            return false;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpException http) {
                int status = http.statusCode();
                return status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
            }
            if (cause instanceof dev.langchain4j.exception.TimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The wait a provider asked for in its refusal ({@code Retry-After}), if it did. */
    static Optional<Duration> retryAfter(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetryAfterHttpClient.Refusal refusal) {
                return refusal.retryAfter();
            }
        }
        return Optional.empty();
    }

    /** "HTTP 429", "HttpTimeoutException", ...: the gist of a failure, for logs and step reasons. */
    static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpException http) {
                return "HTTP " + http.statusCode();
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                return cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage()));
            }
        }
        return "unknown error";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
