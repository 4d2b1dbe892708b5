package dev.vibecoder.cost;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records every model call: tokens, cost, duration and outcome, in {@code llm_calls} and as
 * {@code vibecoder_llm_tokens_total} metrics, booked to the caller's {@link LlmCallScope}.
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
        TokenUsage usage = context.chatResponse().tokenUsage();
        int input = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int output = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        String model = context.chatResponse().modelName();
        if (scope == null) {
            return;
        }
        String reported = model != null ? model : scope.model();
        BigDecimal cost = prices.cost(reported, input, output);
        scope.record(input, output, cost, model);
        insert(scope, reported, input, output, cost, elapsedMs(context.attributes().get(STARTED)), "answered");
        Counter.builder("vibecoder.llm.tokens").tag("role", scope.role()).tag("direction", "input")
                .register(metrics).increment(input);
        Counter.builder("vibecoder.llm.tokens").tag("role", scope.role()).tag("direction", "output")
                .register(metrics).increment(output);
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        LlmCallScope scope = LlmCallScope.current();
        if (scope == null) {
            return;
        }
        String reason = context.error().getClass().getSimpleName() + ": " + context.error().getMessage();
        insert(scope, scope.model(), 0, 0, BigDecimal.ZERO, elapsedMs(context.attributes().get(STARTED)),
                "error: " + (reason.length() > 500 ? reason.substring(0, 500) : reason));
        Counter.builder("vibecoder.llm.errors").tag("role", scope.role()).register(metrics).increment();
    }

    private void insert(LlmCallScope scope, String model, int input, int output, BigDecimal cost, long ms,
            String outcome) {
        jdbc.update("""
                insert into llm_calls (project_id, step_key, role, provider, model, input_tokens, output_tokens,
                                       cost_usd, duration_ms, outcome)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, scope.projectId(), scope.stepKey(), scope.role(), scope.provider(), model, input, output, cost,
                ms, outcome);
    }

    private static long elapsedMs(Object started) {
        return started instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : 0;
    }
}
