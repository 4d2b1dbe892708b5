package dev.vibecoder.engineering;

import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Where a hub step writes a file tree for the sandbox: a fresh directory per run under the
 * sandbox's work directory, removed afterwards. The documents keep the files; the directory is only
 * what the sandboxed tools see.
 */
@Component
public class Workspaces {

    /** Work done in a materialised tree. */
    @FunctionalInterface
    public interface InDirectory<T> {
        T run(Path dir) throws IOException;
    }

    private final Path root;

    public Workspaces(Sandbox sandbox) {
        this.root = sandbox.workDir();
    }

    public <T> T inSandbox(WorkOrder order, WorkspaceFiles tree, InDirectory<T> work) throws IOException {
        Path dir = root.resolve(order.projectId().toString()).resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir);
        try {
            tree.writeTo(dir);
            return work.run(dir);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove sandbox directory " + dir, e);
        }
    }
}
