package dev.vibecoder.support;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.vibecoder.agent.PromptProtocol;
import dev.vibecoder.agent.llm.ChatModelProvider;
import dev.vibecoder.agent.llm.offline.OfflineChatModel;
import java.time.Duration;
import java.util.List;

/**
 * A test provider: the offline model, except where the project's idea plants a fault for a
 * document type. {@code [flaky:<type>]} makes the first answer for that type invalid JSON (the re-ask
 * then gets the offline answer); {@code [broken:<type>]} makes every answer for it schema-invalid.
 * The faults travel with the idea, so tests sharing one hub cannot disturb each other.
 */
public class ScriptedProvider implements ChatModelProvider {

    public static final String NAME = "scripted";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return false;
    }

    @Override
    public String defaultModel() {
        return "scripted-offline";
    }

    @Override
    public ChatModel create(String model, List<ChatModelListener> listeners) {
        OfflineChatModel offline = new OfflineChatModel(Duration.ZERO, List.of());
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                PromptProtocol.Request task = request.messages().stream()
                        .filter(UserMessage.class::isInstance)
                        .map(m -> PromptProtocol.read(((UserMessage) m).singleText()))
                        .filter(t -> t != null).findFirst().orElseThrow();
                boolean firstAsk = request.messages().size() <= 2;
                if (task.idea().contains("[broken:" + task.documentType() + "]")) {
                    return answer("{\"planted\": \"schema-invalid on purpose\"}");
                }
                if (firstAsk && task.idea().contains("[flaky:" + task.documentType() + "]")) {
                    return answer("Sure! Here is the document: {\"projectName\": \"half\",}");
                }
                return offline.doChat(request);
            }

            @Override
            public List<ChatModelListener> listeners() {
                return listeners;
            }
        };
    }

    private static ChatResponse answer(String text) {
        return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName("scripted-offline")
                .tokenUsage(new TokenUsage(100, text.length() / 4)).build();
    }
}
