package dev.vibecoder.project;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A dispatched workflow step and how it went.
 *
 * @param subject the part of the step it covers (a task id of a fan-out step), else ""
 */
public record StepRun(
        String stepKey,
        UUID projectId,
        String stepId,
        String subject,
        String role,
        Status status,
        int attempts,
        String error,
        UUID documentId,
        OffsetDateTime queuedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    /** "implementation[T2]", or the step id alone. */
    public String label() {
        return subject.isEmpty() ? stepId : stepId + "[" + subject + "]";
    }

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED
    }
}
