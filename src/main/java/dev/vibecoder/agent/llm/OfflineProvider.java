package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.vibecoder.agent.llm.offline.OfflineChatModel;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The provider used when no API key is configured: deterministic templates, not an AI model.
 * It drives every stage for demos and tests without a network.
 */
@Component
class OfflineProvider implements ChatModelProvider {

    static final String NAME = "offline";

    private final LlmProperties.Offline settings;

    OfflineProvider(LlmProperties properties) {
        this.settings = properties.offline();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String defaultModel() {
        return OfflineChatModel.MODEL_NAME;
    }

    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners) {
        return new OfflineChatModel(settings.latency(), listeners);
    }
}
