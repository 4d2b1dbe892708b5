package dev.vibecoder.ops;

import java.sql.SQLException;
import java.util.Map;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Says in plain words why PostgreSQL would not let the hub in when that stops its start, instead of a
 * stack trace ending in the driver's message. Above all when it has no connection left: every hub keeps
 * a pool of connections, and hubs, test runs and consoles on one server share its
 * {@code max_connections} (100 by default, a few reserved for superusers).
 */
class DatabaseRefusalFailureAnalyzer implements FailureAnalyzer {

    /** PostgreSQL's SQLSTATEs for a refused connection, and what to do about each. */
    private static final Map<String, String> REMEDIES = Map.of(
            "53300", "PostgreSQL has no connection left for the hub. Each hub holds up to VIBECODER_DB_POOL_SIZE "
                    + "connections (now %s); hubs, test runs and tools on one server share its max_connections. "
                    + "Stop what holds connections (see pg_stat_activity), lower VIBECODER_DB_POOL_SIZE, or raise "
                    + "max_connections in postgresql.conf.",
            "28P01", "Check VIBECODER_DB_USER and VIBECODER_DB_PASSWORD.",
            "28000", "Check VIBECODER_DB_USER, and that pg_hba.conf lets it in from this host.",
            "3D000", "Create the database (scripts/services-up.sh does it locally), or point VIBECODER_DB_URL at one.",
            "08001", "Start PostgreSQL, or point VIBECODER_DB_URL at one that runs.");

    private final Environment environment;

    DatabaseRefusalFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        // the driver's exception, under whatever the pool, Flyway or Spring wrapped it in
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException refusal && refusal.getSQLState() != null
                    && REMEDIES.containsKey(refusal.getSQLState())) {
                return analysis(refusal);
            }
        }
        return null;
    }

    private FailureAnalysis analysis(SQLException cause) {
        String state = cause.getSQLState();
        String url = environment.getProperty("spring.datasource.url");
        String user = environment.getProperty("spring.datasource.username");
        String pool = environment.getProperty("spring.datasource.hikari.maximum-pool-size", "10");
        return new FailureAnalysis("PostgreSQL at " + url + " refused a connection to user " + user + ": "
                + cause.getMessage() + " (SQLSTATE " + state + ").", REMEDIES.get(state).formatted(pool), cause);
    }
}
