package dev.vibecoder.agent.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Set;

/**
 * A chat model wrapped around another (the guards a role's calls pass: answers, budget, faults),
 * which takes the wrapped model's parameters, provider and capabilities as its own. The innermost
 * model notifies the listeners of each call it makes; a decorator makes no notifications of its own,
 * so every call is metered once.
 */
abstract class ChatModelDecorator implements ChatModel {

    protected final ChatModel delegate;

    ChatModelDecorator(ChatModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public abstract ChatResponse chat(ChatRequest request);

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return chat(request);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }
}
