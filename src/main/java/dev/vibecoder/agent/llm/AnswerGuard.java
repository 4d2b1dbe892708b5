package dev.vibecoder.agent.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.vibecoder.agent.AnswerTruncatedException;
import dev.vibecoder.agent.StepFailedException;
import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.support.Tokens;
import java.util.List;

/**
 * Wraps a role's chat model so that what the role route gets back (the camel-langchain4j-chat
 * producer passes on only the answer's text) is a whole answer. A call always carries an output
 * limit (the model's first-call limit from {@code config/models.yaml} unless the provider sets one).
 * An answer the provider reports as cut off by that limit ({@code finish_reason: length},
 * {@code stop_reason: max_tokens}, {@code done_reason: length}: langchain4j's
 * {@link FinishReason#LENGTH}) is never passed on: the call is made once more with twice the limit,
 * within the model's maximum and its context window, and an answer cut off again fails the step with
 * {@link AnswerTruncatedException}. The caller's {@link LlmCallScope} gets a note of each retry for
 * the project's timeline. An answer given as a forced tool call (Anthropic's structured output)
 * becomes its text: the tool's input, which is the document.
 */
final class AnswerGuard extends ChatModelDecorator {

    private final String model;
    private final ModelLimits.Limits limits;

    AnswerGuard(ChatModel delegate, String model, ModelLimits.Limits limits) {
        super(delegate);
        this.model = model;
        this.limits = limits;
    }

    /** Output tokens below which a call is not worth making: no document is that short. */
    static final int MIN_OUTPUT_TOKENS = 256;

    @Override
    public ChatResponse chat(ChatRequest request) {
        int room = limits.contextWindow() - inputTokens(request.messages());
        int limit = Math.min(firstLimit(request), room);
        if (limit < MIN_OUTPUT_TOKENS) {
            throw new StepFailedException("the conversation (about " + (limits.contextWindow() - room)
                    + " tokens) leaves no room for an answer in the " + limits.contextWindow()
                    + "-token context window of " + model);
        }
        ChatResponse response = delegate.chat(limited(request, limit));
        if (response.finishReason() != FinishReason.LENGTH) {
            return asText(response);
        }
        int raised = Math.min(limits.raised(limit), room);
        if (raised <= limit) {
            throw new AnswerTruncatedException("the answer of " + model + " was cut off at its output limit of "
                    + limit + " tokens, which cannot be raised (model maximum " + limits.maxOutputTokens()
                    + ", context window " + limits.contextWindow() + ")");
        }
        note("the answer of " + model + " was cut off at its output limit of " + limit
                + " tokens and not read; asking again with " + raised);
        ChatResponse second = delegate.chat(limited(request, raised));
        if (second.finishReason() == FinishReason.LENGTH) {
            throw new AnswerTruncatedException("the answer of " + model + " was cut off at its output limit twice ("
                    + limit + " tokens, then " + raised + "): the document does not fit the model's output");
        }
        return asText(second);
    }

    private int firstLimit(ChatRequest request) {
        if (request.maxOutputTokens() != null) {
            return request.maxOutputTokens();
        }
        ChatRequestParameters defaults = delegate.defaultRequestParameters();
        return defaults != null && defaults.maxOutputTokens() != null ? defaults.maxOutputTokens()
                : limits.outputTokens();
    }

    private static ChatRequest limited(ChatRequest request, int limit) {
        return request.toBuilder().parameters(request.parameters()
                .overrideWith(ChatRequestParameters.builder().maxOutputTokens(limit).build())).build();
    }

    /** The hub's estimate of a conversation's tokens (the same the prompt was fitted with). */
    static int inputTokens(List<ChatMessage> messages) {
        return messages.stream().mapToInt(m -> Tokens.estimate(text(m))).sum();
    }

    private static String text(ChatMessage message) {
        return switch (message) {
            case dev.langchain4j.data.message.SystemMessage system -> system.text();
            case dev.langchain4j.data.message.UserMessage user -> user.hasSingleText() ? user.singleText() : "";
            case AiMessage ai -> ai.text();
            default -> "";
        };
    }

    private static ChatResponse asText(ChatResponse response) {
        AiMessage message = response.aiMessage();
        if (message == null || (message.text() != null && !message.text().isBlank())
                || !message.hasToolExecutionRequests()) {
            return response;
        }
        ToolExecutionRequest call = message.toolExecutionRequests().get(0);
        return response.toBuilder().aiMessage(AiMessage.from(call.arguments())).build();
    }

    private static void note(String text) {
        LlmCallScope scope = LlmCallScope.current();
        if (scope != null) {
            scope.note(text);
        }
    }
}
