package dev.vibecoder.project;

import java.util.UUID;

/**
 * An event on the documents exchange. Its routing key is {@code <subject>.<event>}: {@code
 * project.created}, {@code prd.created}, {@code prd.approved}, {@code project.completed}, ...
 * Document fields are null for project events.
 */
public record FlowEvent(UUID projectId, String subject, String event, UUID documentId, Integer version, String stepId) {

    public static FlowEvent project(UUID projectId, String event) {
        return new FlowEvent(projectId, "project", event, null, null, null);
    }

    public static FlowEvent document(UUID projectId, String docType, String event, UUID documentId, int version,
            String stepId) {
        return new FlowEvent(projectId, docType, event, documentId, version, stepId);
    }

    public String routingKey() {
        return subject + "." + event;
    }
}
