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

    /** A model whose listeners meter every HTTP try; its client must not retry by itself ({@link ProviderGuards} does). */
    ChatModel create(String model, List<ChatModelListener> listeners);

    /** Whether calls go over the network to a provider that can fail, rate-limit or time out (then they are guarded). */
    default boolean callsOverNetwork() {
        return false;
    }

    /** Retries of a call that failed in a way that may pass ({@code vibecoder.llm.<provider>.max-retries}). */
    default int maxRetries() {
        return 0;
    }

    /**
     * A model whose calls ask for answers shaped by {@code schema}, where the provider can; by
     * default (providers without such support) the plain model, and the schema is in the prompt only.
     */
    default ChatModel create(String model, List<ChatModelListener> listeners, OutputSchema schema) {
        return create(model, listeners);
    }

    /** What {@code model} can take: as {@code config/models.yaml} says, unless the provider knows better. */
    default ModelLimits.Limits limits(String model, ModelLimits config) {
        return config.of(model);
    }

    /** How {@link #create(String, List, OutputSchema)} conveys the schema, for the start-up log. */
    default String structuredOutput() {
        return "prompt only";
    }
}
