package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import java.util.List;

/** A source of chat models: the offline provider, OpenAI(-compatible), Anthropic, Ollama, ... */
public interface ChatModelProvider {

    /** The name used in configuration ({@code vibecoder.llm.provider}, per-role {@code provider}). */
    String name();

    /** Whether the provider has what it needs (an API key, ...) to be chosen automatically. */
    boolean configured();

    String defaultModel();

    ChatModel create(String model, List<ChatModelListener> listeners);
}
