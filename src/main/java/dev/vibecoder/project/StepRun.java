package dev.vibecoder.project;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A dispatched workflow step and how it went. */
public record StepRun(
        String stepKey,
        UUID projectId,
        String stepId,
        String role,
        Status status,
        int attempts,
        String error,
        UUID documentId,
        OffsetDateTime queuedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED
    }
}
