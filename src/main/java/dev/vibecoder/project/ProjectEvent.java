package dev.vibecoder.project;

import java.time.OffsetDateTime;

/** One line of a project's timeline. */
public record ProjectEvent(long id, String kind, String stepId, String message, OffsetDateTime createdAt) {
}
