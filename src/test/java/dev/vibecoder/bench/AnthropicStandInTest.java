package dev.vibecoder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.vibecoder.agent.PromptProtocol;
import dev.vibecoder.agent.llm.OutputSchema;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.support.ConfigFiles;
import dev.vibecoder.support.ModelFaultInjector;
import dev.vibecoder.support.ProviderWire;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's model provider answers langchain4j's Anthropic client as the hub configures it
 * (a forced tool whose input schema is the document's) with a valid document, cuts off what does
 * not fit {@code max_tokens}, bills its answers, and fails the share of calls it is told to.
 */
class AnthropicStandInTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DocumentType PRD = new DocumentTypes(new ConfigFiles(Path.of("config")), JSON).get("prd");

    final ModelFaultInjector faults = new ModelFaultInjector();
    final OfflineAnthropicAnswers answers = new OfflineAnthropicAnswers(faults, null, new BigDecimal("3"),
            new BigDecimal("15"), 0);
    WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRoleCallIsAnsweredWithAValidDocumentAsTheForcedToolsInputWithUsage() {
        server = AnthropicStandIn.start(0, faults, answers);
        ChatResponse response = model(8192, Duration.ofSeconds(30)).chat(prdRequest());

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.modelName()).isEqualTo("claude-sonnet-4-5");
        ToolExecutionRequest call = response.aiMessage().toolExecutionRequests().getFirst();
        assertThat(call.name()).isEqualTo("write_prd");
        JsonNode prd = read(call.arguments());
        assertThat(PRD.validate(prd)).isEmpty();
        assertThat(prd.path("originalRequirements").asText()).isEqualTo("A tip calculator that splits bills");
        assertThat(response.tokenUsage().inputTokenCount()).isPositive();
        // the document as the offline model wrote it (compact), four characters a token
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(prd.toString().length() / 4);
        JsonNode stats = answers.stats();
        assertThat(stats.path("answered").asInt()).isEqualTo(1);
        BigDecimal billed = BigDecimal.valueOf(response.tokenUsage().inputTokenCount() * 3L
                + response.tokenUsage().outputTokenCount() * 15L).movePointLeft(6);
        assertThat(stats.path("billed_usd").decimalValue()).isEqualByComparingTo(billed);
    }

    @Test
    void anAnswerLongerThanMaxTokensIsCutOff() {
        server = AnthropicStandIn.start(0, faults, answers);
        ChatResponse response = model(300, Duration.ofSeconds(30)).chat(prdRequest());

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(300);
        assertThat(answers.stats().path("cut_off").asInt()).isEqualTo(1);
    }

    @Test
    void faultyCallsFailAndASlowOneStillGetsItsAnswerLateAndBilled() {
        server = AnthropicStandIn.start(0, faults, answers);
        faults.start(7, 1.0, 1_500);
        ChatModel model = model(8192, Duration.ofSeconds(1));
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> model.chat(prdRequest())).isInstanceOf(RuntimeException.class);
        }
        JsonNode stats = answers.stats();
        int slow = faults.injected(ProviderWire.ANTHROPIC).getOrDefault(ModelFaultInjector.Kind.TOO_SLOW, 0);
        assertThat(faults.injected(ProviderWire.ANTHROPIC).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(stats.path("requests").asInt()).isEqualTo(8);
        assertThat(stats.path("answered").asInt()).isZero();
        assertThat(slow).as("too-slow faults drawn from seed 7").isPositive();
        assertThat(stats.path("late").asInt()).isEqualTo(slow);
        assertThat(stats.path("billed_usd").decimalValue()).isPositive();
    }

    private ChatModel model(int maxTokens, Duration timeout) {
        return AnthropicChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()
                        .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
                .baseUrl(server.baseUrl() + "/v1").apiKey("bench-key").modelName("claude-sonnet-4-5")
                .maxTokens(maxTokens).timeout(timeout).maxRetries(0)
                .toolSpecifications(OutputSchema.of("prd", PRD.schemaNode()).tool()).toolChoice(ToolChoice.REQUIRED)
                .build();
    }

    private static ChatRequest prdRequest() {
        return ChatRequest.builder().messages(List.of(SystemMessage.from("You are the product manager."),
                UserMessage.from(PromptProtocol.write("prd", "requirements", "A tip calculator that splits bills",
                        List.of(), null)))).build();
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
