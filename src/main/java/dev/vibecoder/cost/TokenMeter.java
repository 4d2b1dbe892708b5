package dev.vibecoder.cost;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.vibecoder.support.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records every model call: tokens, cost, duration and outcome, in {@code llm_calls} and as
 * {@code vibecoder_llm_tokens_total} and {@code vibecoder_llm_cost_usd_total} metrics, booked to the
 * caller's {@link LlmCallScope}. Tokens are the provider's counts; where an answer carries none they
 * are the hub's estimate ({@link Tokens}) and the row is marked {@code estimated}.
 */
@Component
public class TokenMeter implements ChatModelListener {

    private static final String STARTED = "vibecoder.started";

    private final JdbcTemplate jdbc;
    private final PriceList prices;
    private final MeterRegistry metrics;

    public TokenMeter(JdbcTemplate jdbc, PriceList prices, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.metrics = metrics;
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        context.attributes().put(STARTED, System.nanoTime());
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        LlmCallScope scope = LlmCallScope.current();
        if (scope == null) {
            return;
        }
        ChatResponse response = context.chatResponse();
        TokenUsage usage = response.tokenUsage();
        // a provider that reports no counts (an OpenAI-compatible server without "usage", an Ollama
        // answer without eval counts) is booked with the hub's estimate, marked so, never as free
        boolean inputReported = usage != null && usage.inputTokenCount() != null;
        boolean outputReported = usage != null && usage.outputTokenCount() != null;
        int input = inputReported ? usage.inputTokenCount() : estimateInput(context.chatRequest().messages());
        int output = outputReported ? usage.outputTokenCount() : Tokens.estimate(answerText(response));
        boolean estimated = !inputReported || !outputReported;
        String model = response.modelName();
        String reported = model != null ? model : scope.model();
        BigDecimal cost = prices.cost(reported, input, output);
        scope.record(input, output, cost, model);
        insert(scope, reported, input, output, cost, elapsedMs(context.attributes().get(STARTED)), "answered",
                estimated);
        Counter.builder("vibecoder.llm.tokens").tag("role", scope.role()).tag("direction", "input")
                .register(metrics).increment(input);
        Counter.builder("vibecoder.llm.tokens").tag("role", scope.role()).tag("direction", "output")
                .register(metrics).increment(output);
        Counter.builder("vibecoder.llm.cost.usd").description("What answered model calls cost, in US dollars")
                .tag("role", scope.role()).tag("model", reported).register(metrics).increment(cost.doubleValue());
    }

    /** The hub's estimate of a request's input: the text of its messages. */
    public static int estimateInput(List<ChatMessage> messages) {
        int tokens = 0;
        for (ChatMessage message : messages) {
            tokens += Tokens.estimate(switch (message) {
                case SystemMessage system -> system.text();
                case UserMessage user -> user.hasSingleText() ? user.singleText() : user.contents().toString();
                case AiMessage ai -> ai.text() == null ? String.valueOf(ai.toolExecutionRequests()) : ai.text();
                case ToolExecutionResultMessage result -> result.text();
                default -> message.toString();
            });
        }
        return tokens;
    }

    /** The answer as the model wrote it: its text, or the arguments of the tools it called (structured output). */
    private static String answerText(ChatResponse response) {
        AiMessage answer = response.aiMessage();
        if (answer == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(answer.text() == null ? "" : answer.text());
        if (answer.hasToolExecutionRequests()) {
            answer.toolExecutionRequests().forEach(call -> text.append(call.arguments()));
        }
        return text.toString();
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        LlmCallScope scope = LlmCallScope.current();
        if (scope == null) {
            return;
        }
        String reason = context.error().getClass().getSimpleName() + ": " + context.error().getMessage();
        insert(scope, scope.model(), 0, 0, BigDecimal.ZERO, elapsedMs(context.attributes().get(STARTED)),
                "error: " + (reason.length() > 500 ? reason.substring(0, 500) : reason), false);
        Counter.builder("vibecoder.llm.errors").tag("role", scope.role()).register(metrics).increment();
    }

    private void insert(LlmCallScope scope, String model, int input, int output, BigDecimal cost, long ms,
            String outcome, boolean estimated) {
        jdbc.update("""
                insert into llm_calls (project_id, step_key, role, provider, model, input_tokens, output_tokens,
                                       cost_usd, duration_ms, outcome, estimated)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, scope.projectId(), scope.stepKey(), scope.role(), scope.provider(), model, input, output, cost,
                ms, outcome, estimated);
    }

    private static long elapsedMs(Object started) {
        return started instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : 0;
    }
}
