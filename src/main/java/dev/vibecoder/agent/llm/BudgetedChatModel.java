package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.vibecoder.cost.BudgetSettings;
import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.cost.PriceList;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.cost.TokenMeter;
import java.math.BigDecimal;

/**
 * A role's model within its project's budget: before each call (a cut-off answer's second call too)
 * the call's worst case is reserved against what the project has left ({@link ProjectBudgets}), or
 * the call is not made ({@link dev.vibecoder.cost.BudgetExceededException}). The worst case is the
 * prompt's estimated tokens times the configured margin plus the call's whole output limit, priced by
 * {@code config/prices.yaml}; retries of a failed try (inside) cost nothing more, since failed tries
 * carry no tokens.
 */
final class BudgetedChatModel extends ChatModelDecorator {

    private final String model;
    private final ModelLimits.Limits limits;
    private final ProjectBudgets budgets;
    private final PriceList prices;
    private final BudgetSettings settings;

    BudgetedChatModel(ChatModel delegate, String model, ModelLimits.Limits limits, ProjectBudgets budgets,
            PriceList prices, BudgetSettings settings) {
        super(delegate);
        this.model = model;
        this.limits = limits;
        this.budgets = budgets;
        this.prices = prices;
        this.settings = settings;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        LlmCallScope scope = LlmCallScope.current();
        if (scope == null) {
            return delegate.chat(request);
        }
        long input = (long) Math.ceil(TokenMeter.estimateInput(request.messages()) * settings.inputMargin());
        long output = request.maxOutputTokens() != null ? request.maxOutputTokens() : limits.maxOutputTokens();
        BigDecimal worstCase = prices.cost(model, input, output);
        ProjectBudgets.Reservation reservation = budgets.reserve(scope.projectId(),
                "the next call of " + scope.role() + " to " + model + " (about " + input + " tokens in, up to " + output
                        + " out)", worstCase, input + output);
        try {
            return delegate.chat(request);
        } finally {
            budgets.release(reservation);
        }
    }
}
