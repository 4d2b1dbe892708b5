package dev.vibecoder.access;

import dev.vibecoder.api.NotFoundException;
import dev.vibecoder.support.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Identities, their links to Slack and GitHub, their API tokens, and the audit log: for admins. */
@RestController
@Tag(name = "Access")
public class AccessController {

    @Schema(description = "An identity and its role: viewer, requester, approver or admin")
    public record IdentityRequest(@Schema(example = "alice") String name, @Schema(example = "approver") String role) {
    }

    @Schema(description = "An account elsewhere that acts as the identity")
    public record LinkRequest(@Schema(allowableValues = {"slack", "github"}) String channel,
            @Schema(example = "U0123ABCD") String externalId) {
    }

    @Schema(description = "A new token for an identity; it is shown once, in the answer")
    public record TokenRequest(@Schema(example = "alice") String identity,
            @Schema(example = "alice's laptop") String name,
            @Schema(description = "days until it expires (1-3650)", example = "90") Integer expiresInDays) {
    }

    private final Identities identities;
    private final ApiTokens tokens;
    private final AuditLog audit;

    public AccessController(Identities identities, ApiTokens tokens, AuditLog audit) {
        this.identities = identities;
        this.tokens = tokens;
        this.audit = audit;
    }

    @GetMapping("/api/identities")
    @Operation(summary = "Every identity, its role and its linked Slack and GitHub accounts")
    public List<Identities.Identity> identities() {
        return identities.all();
    }

    @PostMapping("/api/identities")
    @Operation(summary = "Create an identity, or change its role")
    @Transactional
    public Identities.Identity saveIdentity(@RequestBody IdentityRequest request, HttpServletRequest http) {
        AccessRole role = AccessRole.of(request.role(), "role");
        Identities.Identity saved = identities.save(request.name(), role, Caller.name());
        audit.record(Caller.name(), "identity.saved", saved.name(), "role " + role.id(), Caller.source(http));
        return saved;
    }

    @PostMapping("/api/identities/{name}/links")
    @Operation(summary = "Link a Slack user id or GitHub login to the identity: it acts with the identity's rights")
    @Transactional
    public Identities.Identity link(@PathVariable String name, @RequestBody LinkRequest request,
            HttpServletRequest http) {
        Identities.Channel channel = switch (request.channel() == null ? "" : request.channel()) {
            case "slack" -> Identities.Channel.SLACK;
            case "github" -> Identities.Channel.GITHUB;
            default -> throw new InvalidInput("channel", "must be 'slack' or 'github'");
        };
        identities.link(name, channel, request.externalId());
        audit.record(Caller.name(), "identity.linked", name, request.channel() + " " + request.externalId(),
                Caller.source(http));
        return identities.find(name).orElseThrow();
    }

    @GetMapping("/api/tokens")
    @Operation(summary = "Every API token, without its secret")
    public List<ApiTokens.TokenInfo> tokens() {
        return tokens.all();
    }

    @PostMapping("/api/tokens")
    @Operation(summary = "Create an API token for an identity; the answer holds its secret, shown this once")
    @Transactional
    public ResponseEntity<ApiTokens.Created> createToken(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (request.identity() == null || identities.find(request.identity()).isEmpty()) {
            throw new InvalidInput("identity", "no identity '" + request.identity() + "' (POST /api/identities first)");
        }
        int days = request.expiresInDays() == null ? 90 : request.expiresInDays();
        ApiTokens.Created created = tokens.create(request.identity(), request.name(), Duration.ofDays(days),
                Caller.name());
        audit.record(Caller.name(), "token.created", created.token().id().toString(), "for " + request.identity()
                + ": " + created.token().name() + ", expires " + created.token().expiresAt(), Caller.source(http));
        return ResponseEntity.created(URI.create("/api/tokens/" + created.token().id())).body(created);
    }

    @DeleteMapping("/api/tokens/{id}")
    @Operation(summary = "Revoke a token: it stops working at once")
    @Transactional
    public ResponseEntity<Void> revoke(@PathVariable UUID id, HttpServletRequest http) {
        ApiTokens.TokenInfo token = tokens.find(id).orElseThrow(() -> new NotFoundException("no token " + id));
        if (tokens.revoke(id, Caller.name())) {
            audit.record(Caller.name(), "token.revoked", id.toString(), "of " + token.identity() + ": " + token.name(),
                    Caller.source(http));
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/audit")
    @Operation(summary = "The audit log, newest first: who did what, when, from where")
    public List<AuditLog.Entry> audit(@RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInput("limit", "must be between 1 and 1000");
        }
        return audit.page(before, limit);
    }
}
