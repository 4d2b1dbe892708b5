package dev.vibecoder.project;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A run of a workflow on one idea. */
public record Project(
        UUID id,
        String idea,
        String workflow,
        String template,
        String source,
        Status status,
        String statusReason,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime completedAt) {

    /**
     * WAITING_FOR_MODEL: a step is parked because its model provider is down; it resumes by itself.
     * WAITING_FOR_BUDGET: a step is parked at the budget checkpoint, before a call that could overspend;
     * it resumes when someone raises the budget, and the project fails if someone rejects it.
     */
    public enum Status {
        RUNNING, AWAITING_APPROVAL, WAITING_FOR_MODEL, WAITING_FOR_BUDGET, COMPLETED, FAILED;

        public boolean finished() {
            return this == COMPLETED || this == FAILED;
        }
    }
}
