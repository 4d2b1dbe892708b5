package dev.vibecoder.agent.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import java.util.List;
import org.springframework.stereotype.Component;

/** Anthropic's Messages API. */
@Component
class AnthropicProvider implements ChatModelProvider {

    private final LlmProperties.Anthropic settings;

    AnthropicProvider(LlmProperties properties) {
        this.settings = properties.anthropic();
    }

    @Override
    public String name() {
        return "anthropic";
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
     * Tool use: one tool whose {@code input_schema} is the document's schema, forced with
     * {@code tool_choice: any} (the one tool there is), so the model answers with a tool call whose
     * input is the document
     * ({@link AnswerGuard} hands that on as the answer's text). langchain4j-anthropic 1.10 also maps
     * a JSON-schema response format to Anthropic's {@code output_format}, but that is a beta (its
     * own header) for the newest models only, and takes a narrower subset of JSON Schema; tool input
     * schemas take ours as written.
     */
    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners, OutputSchema schema) {
        if (!settings.structuredOutput()) {
            return create(model, listeners);
        }
        return builder(model, listeners)
                .toolSpecifications(schema.tool())
                .toolChoice(ToolChoice.REQUIRED)
                .build();
    }

    @Override
    public String structuredOutput() {
        return settings.structuredOutput() ? "a forced tool with the schema as input_schema" : "prompt only";
    }

    private AnthropicChatModel.AnthropicChatModelBuilder builder(String model, List<ChatModelListener> listeners) {
        if (!configured()) {
            throw new IllegalStateException("provider 'anthropic' needs ANTHROPIC_API_KEY (vibecoder.llm.anthropic.api-key)");
        }
        return AnthropicChatModel.builder()
                .httpClientBuilder(HttpClients.http11(settings.timeout()))
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .modelName(model)
                .maxTokens(settings.maxTokens())
                .timeout(settings.timeout())
                .maxRetries(0) // retried by ProviderGuards, which honours Retry-After
                .listeners(listeners);
    }
}
