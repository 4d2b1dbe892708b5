package dev.vibecoder.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/** What the access tests read back: the audit log through its API, and names unique to one run. */
final class AuditReads {

    private AuditReads() {
    }

    /** A unique suffix: identities and ideas of one run meet nothing an earlier run left in the database. */
    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The newest entry's id: what a session appends comes after it. */
    static long lastId(JdbcTemplate jdbc) {
        Long id = jdbc.queryForObject("select coalesce(max(id), 0) from audit_log", Long.class);
        return id == null ? 0 : id;
    }

    /**
     * The entries after {@code afterId} that {@code wanted} picks, oldest first, as {@code GET /api/audit}
     * (newest first, pages of at most 1000) gives them to an admin.
     */
    static List<JsonNode> since(RestClient admin, long afterId, Predicate<JsonNode> wanted) {
        List<JsonNode> entries = new ArrayList<>();
        Long before = null;
        while (true) {
            JsonNode page = admin.get().uri(before == null ? "/api/audit?limit=1000" : "/api/audit?limit=1000&before="
                    + before).retrieve().body(JsonNode.class);
            for (JsonNode entry : page) {
                if (entry.path("id").asLong() <= afterId) {
                    return sorted(entries);
                }
                if (wanted.test(entry)) {
                    entries.add(entry);
                }
                before = entry.path("id").asLong();
            }
            if (page.size() < 1000) {
                return sorted(entries);
            }
        }
    }

    private static List<JsonNode> sorted(List<JsonNode> entries) {
        entries.sort(Comparator.comparingLong(entry -> entry.path("id").asLong()));
        return entries;
    }
}
