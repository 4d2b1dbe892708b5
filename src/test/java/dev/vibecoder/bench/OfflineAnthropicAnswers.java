package dev.vibecoder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.vibecoder.agent.llm.offline.OfflineChatModel;
import dev.vibecoder.support.ModelFaultInjector;
import dev.vibecoder.support.ProviderWire;
import dev.vibecoder.support.Tokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Anthropic's Messages API in front of the offline model: each request is read as the real API
 * reads it ({@code x-api-key}, {@code anthropic-version}, {@code model}, {@code max_tokens},
 * {@code system}, {@code messages}, {@code tools}), turned into a langchain4j {@link ChatRequest}
 * and answered by {@link OfflineChatModel}, which writes a valid document for every role from the
 * prompt. With a tool in the request (the hub's structured output) the document is the input of a
 * {@code tool_use} block, as a model forced to call the tool answers; without, it is a text block.
 * Usage counts the request's text and tools and the answer, four characters a token. An answer
 * longer than {@code max_tokens} is cut off ({@code stop_reason: max_tokens}) as a real model's
 * would be. Before any of that the {@link ModelFaultInjector} may spoil the request (429 with
 * {@code Retry-After}, 500, a reset connection, an answer slower than the client's timeout). A
 * too-slow request gets its real answer, late: a provider that is slow still writes the answer and
 * bills it, though the client has given up on it (counted as {@code late}, billed with the rest).
 */
final class OfflineAnthropicAnswers implements ResponseDefinitionTransformerV2 {

    static final String NAME = "offline-anthropic";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelFaultInjector faults;
    private final OfflineChatModel model = new OfflineChatModel(Duration.ZERO, List.of());
    /** Reported as the answer's model; null echoes the request's. */
    private final String modelName;
    /** USD per million input and output tokens: what this provider bills for its answers. */
    private final BigDecimal inputPrice;
    private final BigDecimal outputPrice;
    private final int latencyMs;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private BigDecimal billed = BigDecimal.ZERO;

    OfflineAnthropicAnswers(ModelFaultInjector faults, String modelName, BigDecimal inputPrice,
            BigDecimal outputPrice, int latencyMs) {
        this.faults = faults;
        this.modelName = modelName;
        this.inputPrice = inputPrice;
        this.outputPrice = outputPrice;
        this.latencyMs = latencyMs;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        requests.incrementAndGet();
        // a provider under load refuses before it reads the request
        ResponseDefinition fault = faults.transform(event);
        boolean tooSlow = fault != event.getResponseDefinition() && fault.getHeaders() != null
                && fault.getHeaders().getHeader(ModelFaultInjector.HEADER).isPresent()
                && ModelFaultInjector.Kind.TOO_SLOW.name()
                        .equals(fault.getHeaders().getHeader(ModelFaultInjector.HEADER).firstValue());
        if (fault != event.getResponseDefinition() && !tooSlow) {
            return fault;
        }
        try {
            return tooSlow ? answer(event.getRequest(), fault.getFixedDelayMilliseconds(), late)
                    : answer(event.getRequest(), latencyMs, answered);
        } catch (IllegalArgumentException | IOException e) {
            refused.incrementAndGet();
            return error(400, "invalid_request_error", e.getMessage());
        }
    }

    /** The offline model's answer after {@code delayMs}, counted in {@code counter} and billed. */
    private ResponseDefinition answer(Request request, int delayMs, AtomicLong counter) throws IOException {
        if (!request.containsHeader("x-api-key") || blank(request.getHeader("x-api-key"))) {
            refused.incrementAndGet();
            return error(401, "authentication_error", "x-api-key header is required");
        }
        if (!request.containsHeader("anthropic-version") || blank(request.getHeader("anthropic-version"))) {
            throw new IllegalArgumentException("anthropic-version header is required");
        }
        JsonNode body = JSON.readTree(request.getBodyAsString());
        if (blank(body.path("model").asText(null)) || !body.path("max_tokens").canConvertToInt()) {
            throw new IllegalArgumentException("model and max_tokens are required");
        }
        int maxTokens = body.path("max_tokens").asInt();
        JsonNode tool = body.path("tools").path(0);
        ChatResponse offline = model.chat(chatRequest(body));
        String document = offline.aiMessage().text();
        int input = offline.tokenUsage().inputTokenCount() + Tokens.estimate(body.path("tools").toString());
        int output = Tokens.estimate(document);

        ObjectNode message = JSON.createObjectNode().put("id", "msg_bench_" + requests.get()).put("type", "message")
                .put("role", "assistant").put("model", modelName != null ? modelName : body.path("model").asText());
        if (output > maxTokens) {
            // what a model stopped by the limit leaves: the start of its answer, never a whole document
            cutOff.incrementAndGet();
            output = maxTokens;
            message.putArray("content").addObject().put("type", "text")
                    .put("text", document.substring(0, (int) Math.min(document.length(), Tokens.chars(maxTokens))));
            message.put("stop_reason", "max_tokens");
        } else if (!tool.isMissingNode()) {
            message.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_bench_" + requests.get())
                    .put("name", tool.path("name").asText()).set("input", JSON.readTree(document));
            message.put("stop_reason", "tool_use");
        } else {
            message.putArray("content").addObject().put("type", "text").put("text", document);
            message.put("stop_reason", "end_turn");
        }
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", input).put("output_tokens", output);
        counter.incrementAndGet();
        bill(input, output);
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(delayMs)
                .withBody(message.toString()).build();
    }

    /** The request as langchain4j's: the system prompt, then the turns, each turn's text blocks joined. */
    static ChatRequest chatRequest(JsonNode body) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = text(body.path("system"));
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (JsonNode turn : body.path("messages")) {
            String text = text(turn.path("content"));
            switch (turn.path("role").asText()) {
                case "user" -> messages.add(UserMessage.from(text.isBlank() ? " " : text));
                case "assistant" -> messages.add(AiMessage.from(text));
                default -> throw new IllegalArgumentException("messages: unknown role '" + turn.path("role").asText() + "'");
            }
        }
        if (messages.stream().noneMatch(UserMessage.class::isInstance)) {
            throw new IllegalArgumentException("messages: at least one user message is required");
        }
        return ChatRequest.builder().messages(messages).maxOutputTokens(body.path("max_tokens").asInt()).build();
    }

    /** A content field's text: a plain string, or its text blocks (a tool call's input as JSON) in order. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> text.append(block.path("input"));
                case "tool_result" -> text.append(text(block.path("content")));
                default -> throw new IllegalArgumentException("unsupported content block '" + block.path("type").asText() + "'");
            }
        }
        return text.toString();
    }

    private synchronized void bill(int input, int output) {
        inputTokens.addAndGet(input);
        outputTokens.addAndGet(output);
        billed = billed.add(inputPrice.multiply(BigDecimal.valueOf(input))
                .add(outputPrice.multiply(BigDecimal.valueOf(output)))
                .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_UP));
    }

    /** What was asked and answered since the last {@link #reset}, and what the faults were. */
    synchronized ObjectNode stats() {
        ObjectNode stats = JSON.createObjectNode().put("requests", requests.get()).put("answered", answered.get())
                .put("late", late.get())
                .put("cut_off", cutOff.get()).put("refused", refused.get())
                .put("input_tokens", inputTokens.get()).put("output_tokens", outputTokens.get())
                .put("billed_usd", billed);
        ObjectNode injected = stats.putObject("faults");
        for (Map.Entry<ModelFaultInjector.Kind, Integer> kind : faults.injected(ProviderWire.ANTHROPIC).entrySet()) {
            injected.put(kind.getKey().name(), kind.getValue());
        }
        return stats;
    }

    synchronized void reset() {
        for (AtomicLong counter : List.of(requests, answered, late, cutOff, refused, inputTokens, outputTokens)) {
            counter.set(0);
        }
        billed = BigDecimal.ZERO;
    }

    private static ResponseDefinition error(int status, String type, String text) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", text == null ? type : text);
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
