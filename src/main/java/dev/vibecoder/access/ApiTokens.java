package dev.vibecoder.access;

import dev.vibecoder.support.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * API tokens: 256 random bits each, shown once when created and kept only as a SHA-256 (a token is
 * a random secret, not a password: a fast hash loses nothing, and lets every request be checked with
 * one indexed lookup). A token acts as its identity, with the identity's role, until it expires or is
 * revoked.
 */
@Repository
public class ApiTokens {

    /** Every token starts so, which lets secret scanners recognise a leaked one. */
    public static final String PREFIX = "vct_";
    static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    /** A token as listed: never its secret. */
    public record TokenInfo(UUID id, String identity, String name, String createdBy, OffsetDateTime createdAt,
            OffsetDateTime expiresAt, OffsetDateTime revokedAt, String revokedBy, OffsetDateTime lastUsedAt) {
    }

    /** A token just created: its secret, this once. */
    public record Created(TokenInfo token, String secret) {
    }

    /** Who a valid token speaks for. */
    public record Bearer(UUID tokenId, String identity, AccessRole role) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    public ApiTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Created create(String identity, String name, Duration lifetime, String by) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInput("name", "a name of 1-100 characters says what the token is for");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidInput("expiresInDays", "must be between 1 and " + MAX_LIFETIME.toDays());
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into api_tokens (id, identity, name, token_hash, created_by, expires_at)
                values (?, ?, ?, ?, ?, now() + make_interval(secs => ?))
                """, id, identity, name.strip(), hash(secret), by, (double) lifetime.toSeconds());
        return new Created(find(id).orElseThrow(), secret);
    }

    public Optional<TokenInfo> find(UUID id) {
        return jdbc.query("select * from api_tokens where id = ?", (rs, i) -> info(rs), id).stream().findFirst();
    }

    public List<TokenInfo> all() {
        return jdbc.query("select * from api_tokens order by created_at desc", (rs, i) -> info(rs));
    }

    /** Revokes a token at once; false when it was revoked already. */
    public boolean revoke(UUID id, String by) {
        return jdbc.update("update api_tokens set revoked_at = now(), revoked_by = ? where id = ? and revoked_at is null",
                by, id) == 1;
    }

    /** Whether the identity has a token that still works. */
    public boolean hasActive(String identity) {
        Integer count = jdbc.queryForObject("""
                select count(*) from api_tokens where identity = ? and revoked_at is null and expires_at > now()
                """, Integer.class, identity);
        return count != null && count > 0;
    }

    /** Who the token speaks for, if it is one of ours, not expired and not revoked. */
    public Optional<Bearer> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Optional<Bearer> bearer = jdbc.query("""
                select t.id, t.identity, i.role from api_tokens t join identities i on i.name = t.identity
                 where t.token_hash = ? and t.revoked_at is null and t.expires_at > now()
                """, (rs, i) -> new Bearer(rs.getObject("id", UUID.class), rs.getString("identity"),
                AccessRole.of(rs.getString("role"), "role")), hash(secret)).stream().findFirst();
        // its last use, at most once a minute: a busy client does not write a row per request
        bearer.ifPresent(found -> jdbc.update("""
                update api_tokens set last_used_at = now()
                 where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')
                """, found.tokenId()));
        return bearer;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static TokenInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TokenInfo(rs.getObject("id", UUID.class), rs.getString("identity"), rs.getString("name"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
                rs.getString("revoked_by"), rs.getObject("last_used_at", OffsetDateTime.class));
    }
}
