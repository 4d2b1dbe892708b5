package dev.vibecoder.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.memory.TaskQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One role working on one work order: the conversation with its model, how many calls it took, and
 * the accepted content once an answer validated. Lives in an exchange property while the role route
 * loops over ask, review and re-ask.
 */
public final class AgentTurn {

    private final WorkOrder order;
    private final RoleDefinition role;
    private final DocumentType type;
    private final List<UUID> inputIds;
    /** What the step's memories were recalled by, for its experience; null when the recall failed. */
    private final TaskQuery task;
    private final List<ChatMessage> conversation = new ArrayList<>();
    private int calls;
    private JsonNode accepted;
    private List<String> lastErrors = List.of();
    /** The problems of every rejected answer, in order: what the role's memory learns from. */
    private final List<List<String>> rejections = new ArrayList<>();

    AgentTurn(WorkOrder order, RoleDefinition role, DocumentType type, List<UUID> inputIds, List<ChatMessage> prompt,
            TaskQuery task) {
        this.order = order;
        this.role = role;
        this.type = type;
        this.inputIds = List.copyOf(inputIds);
        this.task = task;
        this.conversation.addAll(prompt);
    }

    /** True until an answer validated: the route keeps asking while the turn is open. */
    public boolean isOpen() {
        return accepted == null;
    }

    /** A fresh, mutable copy of the conversation (the chat producer edits the last message in place). */
    public List<ChatMessage> getMessages() {
        return new ArrayList<>(conversation);
    }

    void answered(ChatMessage answer, ChatMessage reask, List<String> errors) {
        calls++;
        conversation.add(answer);
        conversation.add(reask);
        lastErrors = List.copyOf(errors);
        rejections.add(lastErrors);
    }

    void accept(JsonNode content) {
        calls++;
        accepted = content;
    }

    public WorkOrder order() {
        return order;
    }

    public RoleDefinition role() {
        return role;
    }

    public DocumentType type() {
        return type;
    }

    public List<UUID> inputIds() {
        return inputIds;
    }

    public int calls() {
        return calls;
    }

    public JsonNode accepted() {
        return accepted;
    }

    public List<String> lastErrors() {
        return lastErrors;
    }

    public List<List<String>> rejections() {
        return List.copyOf(rejections);
    }

    public TaskQuery task() {
        return task;
    }
}
