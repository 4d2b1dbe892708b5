package dev.vibecoder.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a hub finds config/ and routes/: a setting, else the working directory, else beside the jar. */
class HubDirectoriesTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkingDirectoryComesFirstThenBesideTheJar() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work/config"));
        Path home = Files.createDirectories(tmp.resolve("app/config"));
        Files.createDirectories(tmp.resolve("app/routes"));

        assertThat(HubDirectories.resolve(HubDirectories.CONFIG_DIR, null, "config", work.getParent(),
                home.getParent())).isEqualTo(work.toRealPath());
        assertThat(HubDirectories.resolve(HubDirectories.ROUTES_DIR, " ", "routes", work.getParent(),
                home.getParent())).isEqualTo(tmp.resolve("app/routes").toRealPath());
    }

    @Test
    void aSettingWinsIsReadRelativeToTheWorkingDirectoryAndLinksAreFollowed() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("site/routes"));
        Path link = Files.createSymbolicLink(tmp.resolve("routes-link"), real);
        Files.createDirectories(tmp.resolve("routes"));

        assertThat(HubDirectories.resolve(HubDirectories.ROUTES_DIR, "routes-link", "routes", tmp, null))
                .isEqualTo(real.toRealPath());
        assertThat(HubDirectories.resolve(HubDirectories.ROUTES_DIR, link.toString(), "routes", tmp, null))
                .isEqualTo(real.toRealPath());
    }

    @Test
    void aMissingDirectoryIsNamedWithTheSettingThatChoosesIt() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("app"));

        assertThatThrownBy(() -> HubDirectories.resolve(HubDirectories.CONFIG_DIR, null, "config", work, home))
                .isInstanceOf(HubDirectories.Missing.class)
                .hasMessage("no 'config' directory: looked in the working directory (" + work.resolve("config")
                        + ") and beside the jar (" + home.resolve("config") + "), and vibecoder.config-dir is not set");
        assertThatThrownBy(() -> HubDirectories.resolve(HubDirectories.ROUTES_DIR, "nowhere", "routes", work, home))
                .isInstanceOf(HubDirectories.Missing.class)
                .hasMessage("vibecoder.routes-dir is nowhere, but there is no directory at " + work.resolve("nowhere"));
        // a link to nothing is no directory either
        Files.createSymbolicLink(work.resolve("routes"), tmp.resolve("gone"));
        assertThatThrownBy(() -> HubDirectories.resolve(HubDirectories.ROUTES_DIR, null, "routes", work, null))
                .isInstanceOf(HubDirectories.Missing.class).hasMessageContaining("no 'routes' directory");
    }

    @Test
    void aDirectoryWithoutWhatTheHubReadsIsRefusedByName() throws IOException {
        Path config = Files.createDirectories(tmp.resolve("config"));
        assertThatThrownBy(() -> HubDirectories.checkConfig(config))
                .hasMessage("the config directory " + config + " has no application.yaml");
        Files.writeString(config.resolve("application.yaml"), "vibecoder: {}\n");
        Files.createDirectories(config.resolve("roles"));
        assertThatThrownBy(() -> HubDirectories.checkConfig(config))
                .hasMessage("the config directory " + config + " has no workflows/ directory");

        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("README.md"), "not a route");
        assertThatThrownBy(() -> HubDirectories.checkRoutes(routes))
                .hasMessage("the routes directory " + routes + " has no route files (*.yaml)");
        // a route file that is a link counts, as the route loader reads through it
        Path elsewhere = Files.writeString(tmp.resolve("intake.yaml"), "- route: {}\n");
        Files.createSymbolicLink(routes.resolve("intake.yaml"), elsewhere);
        HubDirectories.checkRoutes(routes);
    }
}
