package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.util.List;
import org.springframework.stereotype.Component;

/** A local or self-hosted Ollama server: open models, no key. Never chosen automatically. */
@Component
class OllamaProvider implements ChatModelProvider {

    private final LlmProperties.Ollama settings;

    OllamaProvider(LlmProperties properties) {
        this.settings = properties.ollama();
    }

    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public boolean configured() {
        return false;
    }

    @Override
    public String defaultModel() {
        return settings.model();
    }

    @Override
    public boolean callsOverNetwork() {
        return true;
    }

    @Override
    public int maxRetries() {
        return settings.maxRetries();
    }

    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners) {
        return builder(model, listeners).build();
    }

    /** {@code format}: the schema itself, which Ollama (0.5 and later) constrains the answer to. */
    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners, OutputSchema schema) {
        if (!settings.structuredOutput()) {
            return create(model, listeners);
        }
        return builder(model, listeners)
                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                .responseFormat(schema.responseFormat())
                .build();
    }

    @Override
    public String structuredOutput() {
        return settings.structuredOutput() ? "format (the schema)" : "prompt only";
    }

    private OllamaChatModel.OllamaChatModelBuilder builder(String model, List<ChatModelListener> listeners) {
        return OllamaChatModel.builder()
                .httpClientBuilder(HttpClients.http11(settings.timeout()))
                .baseUrl(settings.baseUrl())
                .modelName(model)
                .timeout(settings.timeout())
                .maxRetries(0) // retried by ProviderGuards, which honours Retry-After
                .listeners(listeners);
    }
}
