package dev.vibecoder.connector.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The first step of the {@code github-webhook} route: a delivery is taken only when the connector is
 * configured and its signature matches its raw body; before that nothing is read or stored. Then
 * its headers and JSON are checked. Returns the {@link GitHubEvent}, or the {@link WebhookReply}
 * that refuses it.
 */
@Component("gitHubWebhook")
public class GitHubWebhook {

    public static final String EVENT = "X-GitHub-Event";
    public static final String DELIVERY = "X-GitHub-Delivery";
    public static final String SIGNATURE = WebhookSignature.HEADER;
    public static final String CONTENT_TYPE = "Content-Type";

    private final GitHubConnector connector;
    private final ObjectMapper json;

    public GitHubWebhook(GitHubConnector connector, ObjectMapper json) {
        this.connector = connector;
        this.json = json;
    }

    public Object accept(@Body byte[] body, @Header(EVENT) String event, @Header(DELIVERY) String delivery,
            @Header(SIGNATURE) String signature, @Header(CONTENT_TYPE) String contentType) {
        Optional<String> unavailable = connector.webhookUnavailable();
        if (unavailable.isPresent()) {
            return WebhookReply.unavailable(unavailable.get());
        }
        // before the signature: a form-encoded body reaches the hub re-encoded, and its signature could never match
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            return WebhookReply.invalid(415, "set the webhook's content type to application/json");
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (signature == null || signature.isBlank()) {
            return WebhookReply.unauthorised(SIGNATURE + " is missing: set the webhook's secret");
        }
        if (!WebhookSignature.valid(connector.properties().webhookSecret(), raw, signature)) {
            return WebhookReply.unauthorised(SIGNATURE + " does not match the body: check the webhook's secret");
        }
        if (event == null || event.isBlank()) {
            return WebhookReply.invalid(400, EVENT + " is missing");
        }
        if (delivery == null || delivery.isBlank() || delivery.length() > 100) {
            return WebhookReply.invalid(400, DELIVERY + " is missing or too long");
        }
        JsonNode payload;
        try {
            payload = json.readTree(raw);
        } catch (JsonProcessingException e) {
            return WebhookReply.invalid(400, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return WebhookReply.invalid(400, "the body cannot be read: " + e.getMessage());
        }
        if (payload == null || !payload.isObject()) {
            return WebhookReply.invalid(400, "the body is not a JSON object");
        }
        return new GitHubEvent(delivery.strip(), event.strip(), payload);
    }
}
