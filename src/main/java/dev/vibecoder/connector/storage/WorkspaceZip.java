package dev.vibecoder.connector.storage;

import dev.vibecoder.document.Document;
import dev.vibecoder.engineering.WorkspaceFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workspace version's files as a zip, the way a person downloads a generated project. The same
 * version always gives the same bytes (entries in the workspace's order, each dated when the
 * version was made, in UTC), so writing it again changes nothing in the store.
 */
final class WorkspaceZip {

    private WorkspaceZip() {
    }

    static byte[] of(Document workspace) {
        LocalDateTime madeAt = workspace.createdAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            // a path that leaves the workspace never made it through the sandbox; should one be stored
            // anyway, it is refused here rather than handed to whoever unzips
            for (Map.Entry<String, String> file : WorkspaceFiles.ofWorkspace(workspace).byRelativePath().entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTimeLocal(madeAt);
                zip.putNextEntry(entry);
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip workspace v" + workspace.version(), e);
        }
        return bytes.toByteArray();
    }
}
