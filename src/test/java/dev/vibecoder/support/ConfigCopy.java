package dev.vibecoder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the shipped {@code config/} directory, for tests that change a file of it. */
public final class ConfigCopy {

    private ConfigCopy() {
    }

    /** Copies {@code config/} into {@code target}; the copy, ready for {@link ConfigFiles}. */
    public static Path into(Path target) {
        Path source = Path.of("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy config/ to " + target, e);
        }
        return target;
    }
}
