package dev.vibecoder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibecoder.support.HubProcess;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hubs and test runs share one PostgreSQL and its max_connections: a hub at rest holds a few
 * connections, not its whole pool, and a hub that PostgreSQL lets in no more says so and what to do.
 */
class DatabaseConnectionsTest {

    /** A database that takes no connection (scripts/services-up.sh sets its connection limit to 0). */
    private static final String FULL_DB_URL = HubProcess.DB_URL.replaceFirst("/[^/]+$", "/vibecoder_test_full");

    private final String namespace = "c" + UUID.randomUUID().toString().substring(0, 8);
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aHubThatPostgreSQLLetsInNoMoreSaysSoAndWhatToDo() throws Exception {
        // what every connection to it meets: PostgreSQL's own refusal, as when max_connections is reached
        assertThatThrownBy(() -> DriverManager.getConnection(FULL_DB_URL, HubProcess.DB_USER, HubProcess.DB_PASSWORD)
                .close())
                .as("run scripts/services-up.sh: it makes the database that takes no connection")
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("53300"));

        hub = HubProcess.named("db-full", namespace).env("VIBECODER_DB_URL", FULL_DB_URL);
        assertThat(hub.startAndAwaitExit(Duration.ofSeconds(90))).isNotZero();
        assertThat(hub.logText()).contains("APPLICATION FAILED TO START")
                .contains("PostgreSQL at " + FULL_DB_URL + " refused a connection to user " + HubProcess.DB_USER
                        + ": FATAL: too many connections for database \"vibecoder_test_full\" (SQLSTATE 53300).")
                .contains("Each hub holds up to VIBECODER_DB_POOL_SIZE connections (now 6)")
                .contains("raise max_connections");
    }

    @Test
    void aHubAtRestHoldsAFewConnectionsNotItsPool() throws Exception {
        String name = "hub-" + namespace;
        hub = HubProcess.named("db-idle", namespace).env("VIBECODER_DB_POOL_SIZE", "20")
                .env("VIBECODER_DB_APPLICATION_NAME", name).env("VIBECODER_BROKER_QUEUEEXPIRESMS", "600000").start();
        int connections = HubProcess.testDatabase().queryForObject("select count(*) from pg_stat_activity where application_name = ?",
                Integer.class, name);
        assertThat(connections).as("connections of a hub at rest, named in pg_stat_activity").isBetween(1, 5);
    }
}
