package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored memory; see {@link NewMemory} for the fields. {@code patternId} is set once a failure is classified. */
public record Memory(long id, MemoryKind kind, String role, UUID projectId, UUID sourceDocumentId, String stepKey,
        String text, JsonNode details, MemoryOutcome outcome, Long relatedMemoryId, Long patternId,
        OffsetDateTime createdAt) {

    /** The lesson a reflection's details state, or null. */
    public String lesson() {
        return detail("lesson");
    }

    /** The diagnosis a reflection's details state, or null. */
    public String diagnosis() {
        return detail("diagnosis");
    }

    private String detail(String name) {
        JsonNode value = details == null ? null : details.get(name);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
