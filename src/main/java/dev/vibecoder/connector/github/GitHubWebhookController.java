package dev.vibecoder.connector.github;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.access.AuditLog;
import dev.vibecoder.access.Identities;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * GitHub's webhook deliveries. The body is taken as raw bytes, because the signature is over exactly
 * those bytes, and handed with its headers to the {@code github-webhook} route.
 */
@RestController
@Tag(name = "GitHub")
public class GitHubWebhookController {

    private final ProducerTemplate camel;
    private final AuditLog audit;
    private final Identities identities;
    private final ObjectMapper json;

    public GitHubWebhookController(ProducerTemplate camel, AuditLog audit, Identities identities, ObjectMapper json) {
        this.camel = camel;
        this.audit = audit;
        this.identities = identities;
        this.json = json;
    }

    @PostMapping(path = "/webhooks/github", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Receive a GitHub webhook delivery",
            description = "Signed with X-Hub-Signature-256 (HMAC-SHA256 of the body under the webhook secret). "
                    + "202: a project or a revision was started; 200: understood and ignored, or a delivery seen "
                    + "before, with the reason; 401: signature missing or wrong (nothing was read); 400/415: not a "
                    + "JSON webhook delivery; 503: the connector is not configured (GITHUB_TOKEN, "
                    + "GITHUB_WEBHOOK_SECRET) or the hub polls instead.")
    public ResponseEntity<WebhookReply> receive(@RequestBody(required = false) byte[] body,
            @RequestHeader HttpHeaders headers) {
        Exchange done = camel.request("direct:github-webhook", exchange -> {
            exchange.getMessage().setBody(body == null ? new byte[0] : body);
            for (String name : new String[] {GitHubWebhook.EVENT, GitHubWebhook.DELIVERY, GitHubWebhook.SIGNATURE,
                    GitHubWebhook.CONTENT_TYPE}) {
                exchange.getMessage().setHeader(name, headers.getFirst(name));
            }
        });
        if (done.getException() != null) {
            // mapped by ApiErrors like the API's: 400 for bad input, 503 for a database or broker outage
            if (done.getException() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(done.getException().getMessage(), done.getException());
        }
        WebhookReply reply = done.getMessage().getBody(WebhookReply.class);
        audit(reply, body, headers);
        return ResponseEntity.status(reply.status()).body(reply);
    }

    /**
     * Every delivery in the audit log: accepted (something started) or refused (ignored, or not signed
     * right), under the sender's login as GitHub signed it (unverified when the signature was wrong).
     */
    private void audit(WebhookReply reply, byte[] body, HttpHeaders headers) {
        boolean signed = reply.status() != 401;
        String sender = "unknown";
        if (signed && body != null) {
            try {
                sender = json.readTree(body).path("sender").path("login").asText("unknown");
            } catch (java.io.IOException e) {
                sender = "unreadable";
            }
        }
        String actor = signed ? identities.linked(Identities.Channel.GITHUB, sender).map(Identities.Identity::name)
                .orElse("github:" + sender) : "github:unverified";
        audit.record(actor, reply.status() == 202 ? "webhook.accepted" : "webhook.refused",
                "github delivery " + headers.getFirst(GitHubWebhook.DELIVERY), reply.status() + " " + reply.reason(),
                "github " + headers.getFirst(GitHubWebhook.EVENT));
    }
}
