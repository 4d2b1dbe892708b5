package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.UUID;

/**
 * What to remember. {@code sourceDocumentId} and {@code kind} make it idempotent: a redelivered event
 * remembers once. {@code text} is what a memory reads as and, for experiences and failures, what gets
 * embedded (see {@link MemoryStore#embeddingText}), so it should say the essential in a few sentences
 * (the model reads at most 512 tokens at a time and averages longer texts, which blurs them);
 * {@code details} holds the rest as structured JSON (asked, answer summary, rootCause, lesson, changes,
 * failure summary, ...). {@code relatedMemoryId} links a reflection to the failure it answers, whose
 * embedding it is stored with ({@link Reflection}).
 *
 * @param role    the role the memory is about, e.g. {@code engineer} or {@code hub:sandbox}; may be null
 * @param details null means an empty object
 * @param outcome null means {@link MemoryOutcome#PENDING}
 */
public record NewMemory(MemoryKind kind, String role, UUID projectId, UUID sourceDocumentId, String stepKey,
        String text, JsonNode details, MemoryOutcome outcome, Long relatedMemoryId) {

    public NewMemory {
        if (kind == null) {
            throw new IllegalArgumentException("a memory needs a kind");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory needs a text to remember it by");
        }
        if (details == null || details.isNull()) {
            details = JsonNodeFactory.instance.objectNode();
        }
        if (outcome == null) {
            outcome = MemoryOutcome.PENDING;
        }
    }
}
