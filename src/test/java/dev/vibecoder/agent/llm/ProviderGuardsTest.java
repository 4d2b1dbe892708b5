package dev.vibecoder.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
    void openAisRateLimitHeadersOrMessageTellTheWaitOfA429WithoutRetryAfter() {
        // requests used up: their reset, not the tokens'
        assertThat(RetryAfterHttpClient.rateLimitReset(headers(Map.of(
                "x-ratelimit-remaining-requests", List.of("0"), "x-ratelimit-reset-requests", List.of("1s"),
                "x-ratelimit-remaining-tokens", List.of("198766"), "x-ratelimit-reset-tokens", List.of("369ms"))), ""))
                .isEqualTo(Duration.ofSeconds(1));
        // both used up: the later
        assertThat(RetryAfterHttpClient.rateLimitReset(headers(Map.of(
                "x-ratelimit-remaining-requests", List.of("0"), "x-ratelimit-reset-requests", List.of("120ms"),
                "x-ratelimit-remaining-tokens", List.of("0"), "x-ratelimit-reset-tokens", List.of("6m0s"))), ""))
                .isEqualTo(Duration.ofMinutes(6));
        // neither says 0 (a request larger than the tokens left): the later
        assertThat(RetryAfterHttpClient.rateLimitReset(headers(Map.of(
                "x-ratelimit-remaining-requests", List.of("12"), "x-ratelimit-reset-requests", List.of("120ms"),
                "x-ratelimit-remaining-tokens", List.of("500"), "x-ratelimit-reset-tokens", List.of("1m26.4s"))), ""))
                .isEqualTo(Duration.ofMillis(86_400));
        // no headers: the message's hint
        assertThat(RetryAfterHttpClient.rateLimitReset(headers(Map.of()), """
                {"error": {"message": "Rate limit reached for gpt-4o-mini in organization org-x on tokens per min (TPM): \
                Limit 200000, Used 199000, Requested 2000. Please try again in 300ms. Visit \
                https://platform.openai.com/account/rate-limits to learn more.", "type": "tokens", "param": null, \
                "code": "rate_limit_exceeded"}}""")).isEqualTo(Duration.ofMillis(300));
        assertThat(RetryAfterHttpClient.rateLimitReset(headers(Map.of()), "{\"error\": \"server busy\"}")).isNull();
        assertThat(RetryAfterHttpClient.goDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RetryAfterHttpClient.goDuration("soon")).isNull();
        assertThat(RetryAfterHttpClient.goDuration("5s later")).isNull();
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

    @Test
    void theRolesOfAProviderShareItsGuardsAndARetryIsLoggedOnce() {
        ProviderGuards guards = new ProviderGuards(new ModelFaultSettings(Duration.ofMillis(1), 2.0, 0.5,
                Duration.ofMillis(10), 8, Duration.ofSeconds(1), 50, 20, 10, Duration.ofSeconds(60), 2,
                Duration.ofSeconds(60)), new SimpleMeterRegistry());
        AtomicInteger tries = new AtomicInteger();
        ChatModel failsOnce = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                if (tries.getAndIncrement() == 0) {
                    throw new InternalServerException(new HttpException(500, "internal"));
                }
                return ChatResponse.builder().aiMessage(AiMessage.from("{}")).build();
            }
        };
        // three roles on one provider, as RoleModels builds them
        ChatModel engineer = guards.guard("anthropic", 2, failsOnce);
        guards.guard("anthropic", 2, failsOnce);
        guards.guard("anthropic", 2, failsOnce);
        Logger logger = (Logger) LoggerFactory.getLogger(ProviderGuards.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(engineer.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build()).aiMessage().text())
                    .isEqualTo("{}");
        } finally {
            logger.detachAppender(log);
        }
        assertThat(tries).hasValue(2);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains("call failed")).hasSize(1);
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
