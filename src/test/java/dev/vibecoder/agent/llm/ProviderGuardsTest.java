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
