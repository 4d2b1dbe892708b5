package dev.vibecoder.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/**
 * What the hub answers a webhook delivery (and logs for a polled event): the HTTP status, what it
 * did, and why. GitHub shows the answer under the webhook's "Recent deliveries".
 *
 * @param outcome   started, revision, ignored, duplicate, unauthorised, unavailable, invalid
 * @param projectId the project started or revised, else null
 */
public record WebhookReply(@JsonIgnore int status, String outcome, String reason, UUID projectId) {

    static WebhookReply started(UUID projectId, String reason) {
        return new WebhookReply(202, "started", reason, projectId);
    }

    static WebhookReply revision(UUID projectId, String reason) {
        return new WebhookReply(202, "revision", reason, projectId);
    }

    /** Understood and deliberately not acted on: a 2xx, so that GitHub does not count it as a failure. */
    static WebhookReply ignored(String reason) {
        return new WebhookReply(200, "ignored", reason, null);
    }

    static WebhookReply duplicate(String deliveryId, UUID projectId) {
        return new WebhookReply(200, "duplicate", "delivery " + deliveryId + " was handled before", projectId);
    }

    static WebhookReply unauthorised(String reason) {
        return new WebhookReply(401, "unauthorised", reason, null);
    }

    static WebhookReply unavailable(String reason) {
        return new WebhookReply(503, "unavailable", reason, null);
    }

    static WebhookReply invalid(int status, String reason) {
        return new WebhookReply(status, "invalid", reason, null);
    }
}
