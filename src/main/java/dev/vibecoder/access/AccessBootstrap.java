package dev.vibecoder.access;

import dev.vibecoder.connector.slack.SlackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a new hub needs before anyone can use its API: an admin token for the person who set it up,
 * written to {@code vibecoder.security.bootstrap-token-file} (owner-readable only) unless the file
 * holds an admin token that still works, and the Slack approvers of {@code vibecoder.slack.approvers} as identities (an
 * approver {@code slack-<user id>} linked to each id not linked yet), so that the allow-list and the
 * identities are one set of rights. The token itself is never logged: the log says where it is.
 */
@Component
public class AccessBootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AccessBootstrap.class);
    static final String ADMIN = "admin";

    private final SecuritySettings settings;
    private final SlackSettings slack;
    private final Identities identities;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    public AccessBootstrap(SecuritySettings settings, SlackSettings slack, Identities identities, ApiTokens tokens,
            AuditLog audit, TransactionTemplate transaction) {
        this.settings = settings;
        this.slack = slack;
        this.identities = identities;
        this.tokens = tokens;
        this.audit = audit;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        transaction.executeWithoutResult(status -> {
            linkSlackApprovers();
            settings.bootstrapTokenPath().ifPresent(this::adminToken);
        });
    }

    /** Whether the file holds a token that still works, of an admin. */
    private boolean worksAsAdmin(Path file) {
        try {
            return Files.isRegularFile(file) && tokens.authenticate(Files.readString(file).strip())
                    .filter(bearer -> bearer.role() == AccessRole.ADMIN).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("vibecoder.security.bootstrap-token-file: cannot read " + file, e);
        }
    }

    private void linkSlackApprovers() {
        for (String userId : slack.approvers()) {
            if (identities.linked(Identities.Channel.SLACK, userId).isEmpty()) {
                String name = "slack-" + userId;
                identities.save(name, AccessRole.APPROVER, "vibecoder.slack.approvers");
                identities.link(name, Identities.Channel.SLACK, userId);
                audit.record("hub", "identity.saved", name, "approver, from vibecoder.slack.approvers", "config");
            }
        }
    }

    private void adminToken(Path file) {
        if (worksAsAdmin(file)) {
            LOG.info("API: the admin token made at set-up is in {}", file.toAbsolutePath());
            return;
        }
        identities.save(ADMIN, AccessRole.ADMIN, "bootstrap");
        ApiTokens.Created created = tokens.create(ADMIN, "bootstrap", Duration.ofDays(365), "bootstrap");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, created.secret() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("vibecoder.security.bootstrap-token-file: cannot write " + file, e);
        }
        audit.record("hub", "token.created", created.token().id().toString(), "for admin: bootstrap, written to "
                + file.toAbsolutePath(), "bootstrap");
        LOG.info("API: an admin token was written to {} (owner-readable only); use it as Authorization: Bearer <token>,"
                + " or with scripts/vibecoder", file.toAbsolutePath());
    }
}
