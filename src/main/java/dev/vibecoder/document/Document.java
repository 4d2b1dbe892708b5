package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One immutable version of a document, with its lineage: the previous version of the same type and
 * subject ({@code parentId}), the exact input versions it was made from, and the role and model
 * that made it with the tokens that cost. {@code content} is null where only the metadata was read.
 *
 * @param subject what the document is about within its type: the task id of a task's code, else ""
 * @param outcome what a hub step found (a workspace check, a test run), else null
 */
public record Document(
        UUID id,
        UUID projectId,
        String docType,
        String subject,
        int version,
        String stepId,
        String stepKey,
        UUID parentId,
        List<UUID> inputIds,
        String role,
        String provider,
        String model,
        JsonNode content,
        int inputTokens,
        int outputTokens,
        int llmCalls,
        Outcome outcome,
        ApprovalState approvalState,
        String approvedBy,
        OffsetDateTime approvedAt,
        String approvalComment,
        OffsetDateTime createdAt) {

    public enum ApprovalState {
        NOT_REQUIRED, PENDING, APPROVED, REJECTED
    }

    public enum Outcome {
        PASSED, FAILED
    }

    /**
     * Whether later steps may build on this version: not while it waits for a human or was
     * rejected, and not when it failed, unless a human approved it anyway.
     */
    public boolean usable() {
        return switch (approvalState) {
            case APPROVED -> true;
            case NOT_REQUIRED -> outcome != Outcome.FAILED;
            case PENDING, REJECTED -> false;
        };
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** What a step hands over to be stored as the next version of its type and subject. */
    public record Draft(
            UUID projectId,
            String docType,
            String subject,
            String stepId,
            String stepKey,
            List<UUID> inputIds,
            String role,
            String provider,
            String model,
            JsonNode content,
            int inputTokens,
            int outputTokens,
            int llmCalls,
            Outcome outcome,
            ApprovalState approvalState) {
    }
}
