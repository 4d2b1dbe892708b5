package dev.vibecoder.agent.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.vibecoder.cost.LlmCallScope;
import java.util.Set;

/**
 * The model a role route calls when its role has a cheaper model for small tasks: each call goes to
 * the model the step was given when it began ({@link LlmCallScope#smallTask()}), so a route needs
 * only one endpoint whatever the size of its tasks.
 */
final class SizedChatModel implements ChatModel {

    private final ChatModel usual;
    private final ChatModel small;

    SizedChatModel(ChatModel usual, ChatModel small) {
        this.usual = usual;
        this.small = small;
    }

    private ChatModel current() {
        LlmCallScope scope = LlmCallScope.current();
        return scope != null && scope.smallTask() ? small : usual;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return current().chat(request);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return chat(request);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return current().defaultRequestParameters();
    }

    @Override
    public ModelProvider provider() {
        return usual.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return current().supportedCapabilities();
    }
}
