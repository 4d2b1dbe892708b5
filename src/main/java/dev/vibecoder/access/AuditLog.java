package dev.vibecoder.access;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The audit log: every state-changing action, who (an identity, or a channel's account), what, on
 * what, when and from where. Append-only: PostgreSQL refuses any UPDATE, DELETE or TRUNCATE of the
 * table (a trigger, V13), whoever asks. Nothing secret is written here: the callers pass names and
 * ids, never tokens or keys.
 */
@Repository
public class AuditLog {

    public record Entry(long id, OffsetDateTime at, String actor, String action, String target, String detail,
            String source) {
    }

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param actor  the identity, or e.g. {@code slack:U0123} for an account not linked to one
     * @param action what happened, dotted ({@code project.started}, {@code token.revoked}, ...)
     * @param target what it happened to (a project id, a token id, a repository issue)
     * @param source where the request came from (the client's address, {@code slack}, {@code github})
     */
    public void record(String actor, String action, String target, String detail, String source) {
        jdbc.update("insert into audit_log (actor, action, target, detail, source) values (?, ?, ?, ?, ?)",
                actor, action, target, detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000),
                source);
    }

    /** Newest first, older than {@code beforeId} when given. */
    public List<Entry> page(Long beforeId, int limit) {
        return jdbc.query("""
                select * from audit_log where (?::bigint is null or id < ?) order by id desc limit ?
                """, (rs, i) -> new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail"),
                rs.getString("source")), beforeId, beforeId, limit);
    }
}
