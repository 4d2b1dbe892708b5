package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;

/**
 * A role's model behind its provider's {@link ProviderGuards}: each try passes the concurrency limit
 * and the circuit breaker, failed tries that may pass are retried with backoff (or after the
 * provider's {@code Retry-After}), and a provider that stays unavailable ends in a
 * {@link ModelUnavailableException}. The wrapped model keeps its listeners, so every try, failed or
 * answered, is metered once; this decorator has none of its own.
 */
final class GuardedChatModel extends ChatModelDecorator {

    private final ProviderGuards.Guards guards;

    GuardedChatModel(ChatModel delegate, ProviderGuards.Guards guards) {
        super(delegate);
        this.guards = guards;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Supplier<ChatResponse> call = CircuitBreaker.decorateSupplier(guards.circuitBreaker(),
                () -> delegate.chat(request));
        call = Bulkhead.decorateSupplier(guards.bulkhead(), call);
        call = Retry.decorateSupplier(guards.retry(), call);
        try {
            return call.get();
        } catch (CallNotPermittedException e) {
            throw new ModelUnavailableException(guards.provider(), "its circuit is open after repeated failures", e);
        } catch (BulkheadFullException e) {
            throw new ModelUnavailableException(guards.provider(), "no call slot came free in time", e);
        } catch (RuntimeException e) {
            if (ProviderGuards.passing(e)) {
                throw new ModelUnavailableException(guards.provider(), "still failing after " + guards.maxAttempts()
                        + " tries (" + ProviderGuards.describe(e) + ")", e);
            }
            throw e;
        }
    }
}
