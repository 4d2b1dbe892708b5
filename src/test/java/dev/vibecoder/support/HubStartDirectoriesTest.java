package dev.vibecoder.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A hub started as an operator might start it: from another directory, with config/ and routes/ behind
 * symbolic links; and, without them, refusing to start with the directory it misses.
 */
class HubStartDirectoriesTest {

    @TempDir
    Path tmp;
    private final String namespace = "d" + UUID.randomUUID().toString().substring(0, 8);
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aHubStartedElsewhereReadsTheDirectoriesItIsPointedAtThroughLinks() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.createSymbolicLink(site.resolve("config"), Path.of("config").toAbsolutePath());
        Files.createSymbolicLink(site.resolve("routes"), Path.of("routes").toAbsolutePath());
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        hub = HubProcess.named("directories", namespace).workingDirectory(elsewhere)
                .env("VIBECODER_CONFIG_DIR", "../site/config")
                .env("VIBECODER_ROUTES_DIR", site.resolve("routes").toString())
                .env("VIBECODER_BROKER_QUEUEEXPIRESMS", "600000")
                .start();
        UUID id = hub.startProject("A tip calculator for the terminal", "quick-prototype");

        JdbcTemplate jdbc = HubProcess.testDatabase();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
                "select status from projects where id = ?", String.class, id).equals("COMPLETED"));
        // the settings of the linked config/application.yaml were read (the routes' include pattern is one)
        assertThat(hub.logText()).contains("Routes startup").doesNotContain("Cannot find RouteTemplate");
    }

    @Test
    void withoutItsDirectoriesAHubSaysWhichOneItMisses() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        hub = HubProcess.named("no-config", namespace).workingDirectory(empty);
        assertThat(hub.startAndAwaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(hub.logText()).contains("APPLICATION FAILED TO START")
                .contains("no 'config' directory: looked in the working directory (" + empty.toRealPath()
                        .resolve("config"))
                .contains("VIBECODER_CONFIG_DIR");

        Path noRoutes = Files.createDirectories(tmp.resolve("no-routes"));
        hub = HubProcess.named("no-routes", namespace).workingDirectory(empty)
                .env("VIBECODER_CONFIG_DIR", Path.of("config").toAbsolutePath().toString())
                .env("VIBECODER_ROUTES_DIR", noRoutes.toString());
        assertThat(hub.startAndAwaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(hub.logText()).contains("APPLICATION FAILED TO START")
                .contains("the routes directory " + noRoutes.toRealPath() + " has no route files (*.yaml)")
                .contains("VIBECODER_ROUTES_DIR");
    }
}
