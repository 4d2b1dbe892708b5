package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.List;
import org.springframework.stereotype.Component;

/** OpenAI, or any server speaking its chat completions API (vLLM, LM Studio, LiteLLM, ...) via the base URL. */
@Component
class OpenAiProvider implements ChatModelProvider {

    private final LlmProperties.OpenAi settings;

    OpenAiProvider(LlmProperties properties) {
        this.settings = properties.openai();
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public boolean configured() {
        return settings.apiKey() != null && !settings.apiKey().isBlank();
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

    /**
     * {@code response_format: {type: json_schema, json_schema: {name, schema, strict: false}}}: not
     * strict mode, whose subset of JSON Schema our schemas do not keep to (see {@link OutputSchema}).
     */
    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners, OutputSchema schema) {
        if (!settings.structuredOutput()) {
            return create(model, listeners);
        }
        return builder(model, listeners)
                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                .responseFormat(schema.responseFormat())
                .strictJsonSchema(false)
                .build();
    }

    @Override
    public String structuredOutput() {
        return settings.structuredOutput() ? "response_format json_schema (not strict)" : "prompt only";
    }

    private OpenAiChatModel.OpenAiChatModelBuilder builder(String model, List<ChatModelListener> listeners) {
        return OpenAiChatModel.builder()
                .httpClientBuilder(HttpClients.http11(settings.timeout()))
                .baseUrl(settings.baseUrl())
                // OpenAI-compatible local servers often need no key, but the client insists on one
                .apiKey(configured() ? settings.apiKey() : "not-needed")
                .modelName(model)
                .timeout(settings.timeout())
                .maxRetries(0) // retried by ProviderGuards, which honours Retry-After
                .listeners(listeners);
    }
}
