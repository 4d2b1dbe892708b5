package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something that happened on GitHub, as a webhook delivers it: whether it came as a delivery or was
 * read by the poller, it is handled the same way.
 *
 * @param deliveryId what makes a redelivery recognisable: {@code X-GitHub-Delivery}, or for a polled event a
 *                   key made from what it is about ({@code poll:<repo>:issue-comment:<id>})
 * @param name       the webhook event name ({@code issues}, {@code issue_comment}, {@code pull_request_review},
 *                   {@code pull_request_review_comment}, ...)
 * @param payload    the webhook payload
 */
public record GitHubEvent(String deliveryId, String name, JsonNode payload) {

    /** The action of the payload ("opened", "created", ...), or "". */
    public String action() {
        return payload.path("action").asText("");
    }

    /** {@code owner/name} of the repository it happened in, or "". */
    public String repository() {
        return payload.path("repository").path("full_name").asText("");
    }
}
