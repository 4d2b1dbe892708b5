package dev.vibecoder.support;

import dev.vibecoder.VibeCoderApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Finds the two directories a hub reads at start-up, before anything else reads them: {@code config}
 * (its settings, {@code application.yaml}, and the data users tune) and {@code routes} (the Camel YAML
 * routes). Each is the setting's value when one is given ({@code VIBECODER_CONFIG_DIR},
 * {@code VIBECODER_ROUTES_DIR}, or {@code --vibecoder.config-dir=...}), otherwise the directory of that
 * name in the working directory, otherwise the one beside the jar. Symbolic links are followed: the rest
 * of the hub sees the real, absolute paths. A directory that is not there, or holds nothing the hub
 * can run with, stops the start with its path and the setting that chooses it
 * ({@link HubDirectoriesFailureAnalyzer}) instead of a failure further on that names a symptom.
 *
 * <p>A config directory other than {@code ./config} is added as a location of Spring's settings, so
 * that its {@code application.yaml} is read as {@code ./config/application.yaml} would be.
 */
public class HubDirectories implements EnvironmentPostProcessor, Ordered {

    public static final String CONFIG_DIR = "vibecoder.config-dir";
    public static final String ROUTES_DIR = "vibecoder.routes-dir";

    /** A directory the hub cannot start without is missing or incomplete. */
    public static class Missing extends IllegalStateException {
        private final String setting;

        Missing(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        /** The setting that chooses the directory, and its environment variable. */
        public String setting() {
            return setting;
        }
    }

    @Override
    public int getOrder() {
        // before Spring reads the settings files, so that the config directory's can be added
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path home = new ApplicationHome(VibeCoderApplication.class).getDir().toPath();
        Path config = resolve(CONFIG_DIR, environment.getProperty(CONFIG_DIR), "config", workingDirectory, home);
        Path routes = resolve(ROUTES_DIR, environment.getProperty(ROUTES_DIR), "routes", workingDirectory, home);
        checkConfig(config);
        checkRoutes(routes);

        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put(CONFIG_DIR, config.toString());
        resolved.put(ROUTES_DIR, routes.toString());
        if (!config.equals(realPath(workingDirectory.resolve("config")))) {
            String additional = environment.getProperty("spring.config.additional-location");
            String location = "optional:file:" + config + "/";
            resolved.put("spring.config.additional-location",
                    additional == null || additional.isBlank() ? location : additional + "," + location);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("vibecoderDirectories", resolved));
    }

    /**
     * The real path of a hub directory: the given value (relative to the working directory), or the
     * first of {@code <working directory>/<name>} and {@code <home>/<name>} that exists.
     */
    static Path resolve(String setting, String given, String name, Path workingDirectory, Path home) {
        if (given != null && !given.isBlank()) {
            Path path = workingDirectory.resolve(given.strip());
            if (!Files.isDirectory(path)) {
                throw new Missing(setting, setting + " is " + given.strip() + ", but there is no directory at "
                        + path.toAbsolutePath().normalize());
            }
            return realPath(path);
        }
        List<Path> candidates = new ArrayList<>(List.of(workingDirectory.resolve(name)));
        if (home != null && !home.equals(workingDirectory)) {
            candidates.add(home.resolve(name));
        }
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return realPath(candidate);
            }
        }
        throw new Missing(setting, "no '" + name + "' directory: looked in the working directory ("
                + candidates.get(0) + ")" + (candidates.size() > 1 ? " and beside the jar (" + candidates.get(1) + ")"
                : "") + ", and " + setting + " is not set");
    }

    /** The settings file and the sub-directories the hub reads at start-up. */
    static void checkConfig(Path config) {
        if (!Files.isRegularFile(config.resolve("application.yaml"))) {
            throw new Missing(CONFIG_DIR, "the config directory " + config + " has no application.yaml");
        }
        for (String directory : List.of("roles", "workflows", "schemas")) {
            if (!Files.isDirectory(config.resolve(directory))) {
                throw new Missing(CONFIG_DIR, "the config directory " + config + " has no " + directory + "/ directory");
            }
        }
    }

    /** At least one route file, read through links as the route loader reads it. */
    static void checkRoutes(Path routes) {
        try (Stream<Path> files = Files.list(routes)) {
            if (files.noneMatch(file -> file.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(file))) {
                throw new Missing(ROUTES_DIR, "the routes directory " + routes + " has no route files (*.yaml)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the routes directory " + routes, e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
