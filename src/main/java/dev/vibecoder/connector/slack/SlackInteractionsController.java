package dev.vibecoder.connector.slack;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import dev.vibecoder.access.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's Interactivity Request URL. The body is read raw, before anything parses the form, because
 * the signature covers its exact bytes; nothing happens for a request whose signature is missing,
 * wrong or older than five minutes (401).
 */
@RestController
@Tag(name = "Webhooks")
public class SlackInteractionsController {

    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractionsController.class);

    private final SlackSettings settings;
    private final SlackInteractions interactions;
    private final SlackRequestSignature signature;

    private final AuditLog audit;

    public SlackInteractionsController(SlackSettings settings, SlackInteractions interactions, AuditLog audit) {
        this.audit = audit;
        this.settings = settings;
        this.interactions = interactions;
        this.signature = settings.enabled() ? new SlackRequestSignature(settings.signingSecret(), Clock.systemUTC())
                : null;
    }

    @PostMapping("/webhooks/slack/interactions")
    @Operation(summary = "Slack interactivity: Approve / Reject clicks on checkpoint messages and the reason modal",
            description = "Form-encoded, with one field 'payload'; signed by Slack (X-Slack-Signature v0, "
                    + "X-Slack-Request-Timestamp within 5 minutes). 401 for a missing, wrong or stale signature, "
                    + "503 when Slack is not configured.")
    public ResponseEntity<?> interaction(
            @RequestHeader(name = "X-Slack-Request-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Slack-Signature", required = false) String signed,
            HttpServletRequest request) throws IOException {
        if (signature == null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Slack is not configured", settings.offReason());
        }
        byte[] body = request.getInputStream().readAllBytes();
        SlackRequestSignature.Verdict verdict = signature.verify(timestamp, signed, body);
        if (!verdict.valid()) {
            LOG.warn("Slack interaction refused from {}: {}", request.getRemoteAddr(), verdict.problem());
            audit.record("slack:unverified", "webhook.refused", "slack interaction", verdict.problem(),
                    request.getRemoteAddr());
            return problem(HttpStatus.UNAUTHORIZED, "Not signed by Slack", verdict.problem());
        }
        SlackInteractions.Reply reply = interactions.handle(body);
        return reply.body() == null ? ResponseEntity.ok().build() : ResponseEntity.ok(reply.body());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
