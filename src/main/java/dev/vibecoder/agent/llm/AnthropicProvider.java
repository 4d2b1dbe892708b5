package dev.vibecoder.agent.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
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
                .listeners(listeners)
                .build();
    }
}
