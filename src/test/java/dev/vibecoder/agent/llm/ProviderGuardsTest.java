package dev.vibecoder.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RateLimitException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which provider failures are retried, and how long a provider asked us to wait. */
class ProviderGuardsTest {

    @Test
    void rateLimitsServerErrorsResetsAndTimeoutsMayPassRefusalsDoNot() {
        assertThat(ProviderGuards.passing(new RateLimitException(new HttpException(429, "slow down")))).isTrue();
        assertThat(ProviderGuards.passing(new InternalServerException(new HttpException(503, "overloaded")))).isTrue();
        assertThat(ProviderGuards.passing(new LangChain4jException(new UncheckedIOException(new SocketException("Connection reset"))))).isTrue();
        assertThat(ProviderGuards.passing(new dev.langchain4j.exception.TimeoutException(new HttpTimeoutException("request timed out")))).isTrue();
        assertThat(ProviderGuards.passing(new InvalidRequestException(new HttpException(400, "bad request")))).isFalse();
        assertThat(ProviderGuards.passing(new HttpException(401, "bad key"))).isFalse();
        assertThat(ProviderGuards.passing(new IllegalStateException("a bug"))).isFalse();
        assertThat(ProviderGuards.passing(CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("x")))).isFalse();
    }

    @Test
    void retryAfterIsReadInSecondsMillisecondsOrAsADate() {
        assertThat(RetryAfterHttpClient.retryAfter(headers(Map.of("Retry-After", List.of("2"))))).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfterHttpClient.retryAfter(headers(Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("2")))))
                .isEqualTo(Duration.ofMillis(1500));
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(61));
        assertThat(RetryAfterHttpClient.retryAfter(headers(Map.of("Retry-After", List.of(inAMinute)))))
                .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(RetryAfterHttpClient.retryAfter(headers(Map.of("Retry-After", List.of("soon"))))).isNull();
        assertThat(RetryAfterHttpClient.retryAfter(headers(Map.of()))).isNull();
    }

    @Test
    void theWaitAskedForTravelsWithTheExceptionsLangchain4jWrapsAroundIt() {
        RetryAfterHttpClient.Refusal refusal = new RetryAfterHttpClient.Refusal(429, "slow down", Duration.ofSeconds(3));
        assertThat(ProviderGuards.retryAfter(new RateLimitException(refusal))).contains(Duration.ofSeconds(3));
        assertThat(ProviderGuards.retryAfter(new RateLimitException(new HttpException(429, "no header")))).isEmpty();
        assertThat(ProviderGuards.describe(new RateLimitException(refusal))).isEqualTo("HTTP 429");
        assertThat(ProviderGuards.describe(new LangChain4jException(new IOException("Connection reset"))))
                .isEqualTo("IOException: Connection reset");
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
