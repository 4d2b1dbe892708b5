package dev.vibecoder.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code config/} directory: the data users tune (roles, workflows, schemas, prices). Files
 * are read once at start-up; a malformed file stops the start with its path and the reason.
 */
@Component
public class ConfigFiles {

    private final Path root;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ConfigFiles(@Value("${vibecoder.config-dir:config}") Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new IllegalStateException("vibecoder.config-dir: no directory at " + this.root);
        }
    }

    public Path root() {
        return root;
    }

    /** The files of a sub-directory ending with {@code suffix}, sorted by name. */
    public List<Path> list(String directory, String suffix) {
        Path dir = root.resolve(directory);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("config: missing directory " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds a YAML file (kebab-case keys) to a type, naming the file when it is malformed. */
    public <T> T readYaml(Path file, Class<T> type) {
        try {
            return yaml.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new IllegalStateException("config: cannot read " + root.relativize(file) + ": " + e.getMessage(), e);
        }
    }

    public String relative(Path file) {
        return root.relativize(file).toString();
    }
}
