package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One immutable version of a document, with its lineage: the previous version of the same type
 * ({@code parentId}), the exact input versions it was made from, and the role and model that made
 * it with the tokens that cost. {@code content} is null where only the metadata was read.
 */
public record Document(
        UUID id,
        UUID projectId,
        String docType,
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
        ApprovalState approvalState,
        String approvedBy,
        OffsetDateTime approvedAt,
        String approvalComment,
        OffsetDateTime createdAt) {

    public enum ApprovalState {
        NOT_REQUIRED, PENDING, APPROVED, REJECTED;

        /** Whether downstream steps may use a document in this state. */
        public boolean usable() {
            return this == NOT_REQUIRED || this == APPROVED;
        }
    }

    /** What a role hands over to be stored as the next version. */
    public record Draft(
            UUID projectId,
            String docType,
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
            ApprovalState approvalState) {
    }
}
