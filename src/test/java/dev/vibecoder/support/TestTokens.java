package dev.vibecoder.support;

import dev.vibecoder.access.AccessRole;
import dev.vibecoder.access.ApiTokens;
import dev.vibecoder.access.Identities;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * API tokens for tests, made the way the hub makes them (its own {@link ApiTokens} on the test
 * database), one per identity and JVM. The identity gets the role asked for.
 */
public final class TestTokens {

    private static final Map<String, String> MADE = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    /** A working token of {@code identity}, which gets {@code role}. */
    public static String of(JdbcTemplate jdbc, String identity, AccessRole role) {
        return MADE.computeIfAbsent(identity + "/" + role.id(), key -> {
            new Identities(jdbc).save(identity, role, "test");
            return new ApiTokens(jdbc).create(identity, "test", Duration.ofDays(1), "test").secret();
        });
    }

    /** The header value: {@code Bearer <token>}. */
    public static String bearer(JdbcTemplate jdbc, String identity, AccessRole role) {
        return "Bearer " + of(jdbc, identity, role);
    }
}
