package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fixer's reflection on a failure, as it is remembered: what went wrong, why, what to do next time
 * and what the fix changed. Its text, what insights show of it, is the diagnosis and the lesson; a
 * prompt shows the details (see {@link MemoryNotes}). It is stored with the embedding of the failure
 * it answers (see {@link MemoryStore#remember(NewMemory)}), so that a failure like that one recalls it.
 *
 * @param changedFiles what the fix did, e.g. {@code write src/store.py}
 */
public record Reflection(String diagnosis, String rootCause, String lesson, List<String> changedFiles) {

    public Reflection {
        diagnosis = diagnosis == null ? "" : diagnosis.strip();
        rootCause = rootCause == null ? "" : rootCause.strip();
        lesson = lesson == null ? "" : lesson.strip();
        changedFiles = changedFiles == null ? List.of() : List.copyOf(changedFiles);
    }

    /** From the content of a {@code fix} document: diagnosis, rootCause, lesson and changes (action, path). */
    public static Reflection of(JsonNode fix) {
        List<String> changed = new ArrayList<>();
        fix.path("changes").forEach(c -> changed.add(c.path("action").asText() + " " + c.path("path").asText()));
        return new Reflection(fix.path("diagnosis").asText(), fix.path("rootCause").asText(),
                fix.path("lesson").asText(), changed);
    }

    /** How the reflection reads: its diagnosis, then its lesson. */
    public String text() {
        if (diagnosis.isEmpty() && lesson.isEmpty()) {
            return "A fix without a diagnosis or a lesson.";
        }
        return diagnosis.isEmpty() ? "Lesson: " + lesson : lesson.isEmpty() ? diagnosis : diagnosis + "\nLesson: " + lesson;
    }

    /**
     * The REFLECTION memory answering a failure; its outcome waits for the loop's next run.
     *
     * @param fixDocumentId   the fix document it comes from
     * @param loop            the fix step, {@code <step>.fix}: the next run of {@code <step>} settles the outcome
     * @param failedDocument  the document that failed, e.g. {@code test-report v2}
     * @param failureSummary  the failure's {@link FailureText#summary}, shown with the reflection in prompts
     * @param failureMemoryId the failure's memory, null when the failure was not remembered
     */
    public NewMemory memory(String role, UUID projectId, UUID fixDocumentId, String stepKey, String loop,
            String failedDocument, String failureSummary, Long failureMemoryId) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("loop", loop);
        details.put("failedDocument", failedDocument);
        details.put("summary", failureSummary);
        details.put("diagnosis", diagnosis);
        details.put("rootCause", rootCause);
        details.put("lesson", lesson);
        ArrayNode changed = details.putArray("changedFiles");
        changedFiles.forEach(changed::add);
        return new NewMemory(MemoryKind.REFLECTION, role, projectId, fixDocumentId, stepKey, text(), details,
                MemoryOutcome.PENDING, failureMemoryId);
    }
}
