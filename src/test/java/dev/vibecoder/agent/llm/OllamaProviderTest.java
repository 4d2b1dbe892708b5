package dev.vibecoder.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Ollama provider against a stand-in speaking Ollama's /api/chat format. */
class OllamaProviderTest {

    private final WireMockServer ollama = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        ollama.start();
        ollama.stubFor(post(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen2.5-coder")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model": "qwen2.5-coder", "created_at": "2026-11-24T00:00:00Z",
                         "message": {"role": "assistant", "content": "{\\"style\\": \\"cli\\"}"},
                         "done": true, "done_reason": "stop", "prompt_eval_count": 321, "eval_count": 54}
                        """)));
    }

    @AfterEach
    void stop() {
        ollama.stop();
    }

    @Test
    void talksToOllamasChatEndpointAndReportsItsTokenCounts() {
        LlmProperties properties = new LlmProperties("ollama", new LlmProperties.Offline(Duration.ZERO),
                new LlmProperties.OpenAi("http://unused", null, "m", Duration.ofSeconds(5), 0, true),
                new LlmProperties.Anthropic("http://unused", null, "m", 100, Duration.ofSeconds(5), 0, true),
                new LlmProperties.Ollama(ollama.baseUrl(), "llama3.1", Duration.ofSeconds(10), 0, true), null);
        AtomicReference<TokenUsage> reported = new AtomicReference<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onResponse(ChatModelResponseContext context) {
                reported.set(context.chatResponse().tokenUsage());
            }
        };
        ChatModel model = new OllamaProvider(properties).create("qwen2.5-coder", List.of(listener));

        ChatResponse response = model.chat(List.of(SystemMessage.from("You design APIs."), UserMessage.from("An API, please")));

        assertThat(response.aiMessage().text()).isEqualTo("{\"style\": \"cli\"}");
        assertThat(reported.get().inputTokenCount()).isEqualTo(321);
        assertThat(reported.get().outputTokenCount()).isEqualTo(54);
        ollama.verify(1, postRequestedFor(urlEqualTo("/api/chat")));
    }
}
