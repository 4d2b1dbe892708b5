package dev.vibecoder.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.vibecoder.agent.AnswerTruncatedException;
import dev.vibecoder.cost.LlmCallScope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A role's model as {@link RoleModels} builds it (provider model inside {@link AnswerGuard}) against
 * stand-ins speaking Ollama's /api/chat and Anthropic's /v1/messages: the document schema on the
 * wire, cut-off answers asked again with a larger limit, and a forced tool call read as the answer.
 */
class AnswerGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelLimits.Limits LIMITS = new ModelLimits.Limits(32768, 2048, 4096);

    private final WireMockServer standin = new WireMockServer(options().dynamicPort());
    private LlmCallScope scope;

    @BeforeEach
    void start() {
        standin.start();
        scope = LlmCallScope.open(UUID.randomUUID(), "api-designer", "step-key", "ollama", "qwen2.5-coder");
    }

    @AfterEach
    void stop() {
        scope.close();
        standin.stop();
    }

    @Test
    void ollamaGetsTheSchemaAsFormatAndACutOffAnswerIsAskedAgainWithTwiceTheLimit() throws IOException {
        OutputSchema schema = schema("api-spec");
        standin.stubFor(post(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.format", equalToJson(schema.schema().toString())))
                .withRequestBody(matchingJsonPath("$.options.num_predict", equalTo("2048")))
                .willReturn(ollamaAnswer("{\"style\": \"cl", "length")));
        standin.stubFor(post(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.format", equalToJson(schema.schema().toString())))
                .withRequestBody(matchingJsonPath("$.options.num_predict", equalTo("4096")))
                .willReturn(ollamaAnswer("{\"style\": \"cli\"}", "stop")));

        String answer = ollama(schema).chat(List.of(SystemMessage.from("You design APIs."),
                UserMessage.from("An API, please"))).aiMessage().text();

        assertThat(answer).isEqualTo("{\"style\": \"cli\"}");
        standin.verify(2, postRequestedFor(urlEqualTo("/api/chat")));
        assertThat(scope.takeNotes()).singleElement().asString()
                .contains("cut off at its output limit of 2048 tokens").contains("asking again with 4096");
    }

    @Test
    void anAnswerCutOffTwiceFailsTheStepWithThatReason() throws IOException {
        standin.stubFor(post(urlEqualTo("/api/chat")).willReturn(ollamaAnswer("{\"style\": \"cl", "length")));

        ChatModel model = ollama(schema("api-spec"));

        assertThatThrownBy(() -> model.chat(List.of(UserMessage.from("An API, please"))))
                .isInstanceOf(AnswerTruncatedException.class)
                .hasMessageContaining("cut off at its output limit twice (2048 tokens, then 4096)");
        standin.verify(2, postRequestedFor(urlEqualTo("/api/chat")));
    }

    @Test
    void anthropicIsMadeToCallAToolWhoseInputSchemaIsTheDocumentsAndItsInputIsTheAnswer() throws IOException {
        OutputSchema schema = schema("user-docs");
        ObjectNode response = JSON.createObjectNode().put("id", "msg_1").put("type", "message")
                .put("role", "assistant").put("model", "claude-sonnet-4-5-20250929").put("stop_reason", "tool_use");
        response.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_1")
                .put("name", "write_user_docs").putObject("input").put("title", "Todo");
        response.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
        standin.stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("write_user_docs")))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.required",
                        equalToJson(schema.schema().get("required").toString())))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.properties.usage",
                        equalToJson(schema.schema().at("/properties/usage").toString())))
                // "any" tool, and there is only the one
                .withRequestBody(matchingJsonPath("$.tool_choice.type", equalTo("any")))
                .withRequestBody(matchingJsonPath("$.tools.length()", equalTo("1")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(response.toString())));
        LlmProperties properties = properties(new LlmProperties.Anthropic(standin.baseUrl() + "/v1/", "key",
                "claude-sonnet-4-5", 2048, Duration.ofSeconds(10), 0, true));
        ChatModel model = new AnswerGuard(new AnthropicProvider(properties).create("claude-sonnet-4-5", List.of(),
                schema), "claude-sonnet-4-5", LIMITS);

        String answer = model.chat(List.of(SystemMessage.from("You write manuals."), UserMessage.from("Docs, please")))
                .aiMessage().text();

        assertThat(JSON.readTree(answer)).isEqualTo(JSON.createObjectNode().put("title", "Todo"));
    }

    private ChatModel ollama(OutputSchema schema) {
        LlmProperties properties = properties(new LlmProperties.Anthropic("http://unused", null, "m", 100,
                Duration.ofSeconds(5), 0, true));
        return new AnswerGuard(new OllamaProvider(properties).create("qwen2.5-coder", List.of(), schema),
                "qwen2.5-coder", LIMITS);
    }

    private LlmProperties properties(LlmProperties.Anthropic anthropic) {
        return new LlmProperties("ollama", new LlmProperties.Offline(Duration.ZERO),
                new LlmProperties.OpenAi("http://unused", null, "m", Duration.ofSeconds(5), 0, true), anthropic,
                new LlmProperties.Ollama(standin.baseUrl(), "llama3.1", Duration.ofSeconds(10), 0, true), null);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ollamaAnswer(String content,
            String doneReason) {
        ObjectNode body = JSON.createObjectNode().put("model", "qwen2.5-coder")
                .put("created_at", "2026-11-24T00:00:00Z").put("done", true).put("done_reason", doneReason)
                .put("prompt_eval_count", 321).put("eval_count", 54);
        body.putObject("message").put("role", "assistant").put("content", content);
        return aResponse().withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    private static OutputSchema schema(String type) throws IOException {
        JsonNode node = JSON.readTree(Path.of("config/schemas", type + ".schema.json").toFile());
        return OutputSchema.of(type, node);
    }
}
