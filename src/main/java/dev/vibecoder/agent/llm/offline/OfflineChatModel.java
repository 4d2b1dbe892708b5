package dev.vibecoder.agent.llm.offline;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.vibecoder.agent.PromptProtocol;
import dev.vibecoder.support.Tokens;
import java.time.Duration;
import java.util.List;

/**
 * A chat model that is not AI: it reads the task, idea and input documents from the prompt
 * ({@link PromptProtocol}) and writes the requested document with deterministic templates
 * ({@link OfflineAuthor}). Same prompt, same answer. Token counts are estimated (4 characters a
 * token) so that accounting works the same way as with real providers. An optional latency
 * simulates a remote model for benchmarks.
 */
public class OfflineChatModel implements ChatModel {

    public static final String MODEL_NAME = "offline-deterministic";

    private final Duration latency;
    private final List<ChatModelListener> listeners;
    private final OfflineAuthor author = new OfflineAuthor();

    public OfflineChatModel(Duration latency, List<ChatModelListener> listeners) {
        this.latency = latency;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        PromptProtocol.Request task = request.messages().stream()
                .filter(UserMessage.class::isInstance)
                .map(m -> PromptProtocol.read(((UserMessage) m).singleText()))
                .filter(t -> t != null)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the offline provider only answers VibeCoder role prompts (no <task> in the messages)"));
        pause();
        String answer = author.write(task);
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(answer))
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(estimateTokens(request.messages()), Tokens.estimate(answer)))
                .finishReason(FinishReason.STOP)
                .build();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    private void pause() {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while simulating model latency", e);
            }
        }
    }

    private static int estimateTokens(List<ChatMessage> messages) {
        int chars = 0;
        for (ChatMessage message : messages) {
            if (message instanceof UserMessage user) {
                chars += user.singleText().length();
            } else if (message instanceof SystemMessage system) {
                chars += system.text().length();
            } else if (message instanceof AiMessage ai && ai.text() != null) {
                chars += ai.text().length();
            }
        }
        return chars / Tokens.CHARS_PER_TOKEN;
    }
}
