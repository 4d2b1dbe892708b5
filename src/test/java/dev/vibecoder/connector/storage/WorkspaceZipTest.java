package dev.vibecoder.connector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.document.Document;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** A workspace version as a zip: its files, the same bytes every time, nothing outside it. */
class WorkspaceZipTest {

    @Test
    void theZipHoldsTheWorkspacesFilesInItsOrder() throws IOException {
        Document workspace = workspace(Map.of("src/app.py", "print('hi')\n"), "tests/test_app.py", "import app\n",
                "./README.md", "# App\n");

        Map<String, String> entries = unzip(WorkspaceZip.of(workspace));

        assertThat(entries).containsExactly(Map.entry("src/app.py", "print('hi')\n"),
                Map.entry("tests/test_app.py", "import app\n"), Map.entry("README.md", "# App\n"));
    }

    @Test
    void theSameVersionGivesTheSameBytesDatedWhenItWasMade() throws IOException {
        Document workspace = workspace(Map.of("a.py", "x = 1\n"), "b/c.py", "y = 2\n");

        byte[] first = WorkspaceZip.of(workspace);

        assertThat(WorkspaceZip.of(workspace)).isEqualTo(first);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(first))) {
            ZipEntry entry = zip.getNextEntry();
            // DOS time: two-second steps, no zone; written in UTC
            assertThat(entry.getTimeLocal()).isEqualTo(LocalDateTime.parse("2026-11-24T11:00:00"));
        }
    }

    @Test
    void aFileOutsideTheWorkspaceIsRefusedNotZipped() {
        Document workspace = workspace(Map.of("app.py", ""), "../../home/user/.bashrc", "rm -rf ~\n");

        assertThatThrownBy(() -> WorkspaceZip.of(workspace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../../home/user/.bashrc'");
    }

    /** A workspace document of the given files (path, content, ...), after a first one. */
    private static Document workspace(Map<String, String> first, String... more) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        var files = content.putArray("files");
        first.forEach((path, text) -> files.addObject().put("path", path).put("content", text).put("source", "T1"));
        for (int i = 0; i < more.length; i += 2) {
            files.addObject().put("path", more[i]).put("content", more[i + 1]).put("source", "T2");
        }
        return new Document(UUID.randomUUID(), UUID.randomUUID(), "workspace", "", 2, "assembly", "key", null,
                List.of(), null, "hub", "workspace", content, 0, 0, 0, Document.Outcome.PASSED,
                Document.ApprovalState.NOT_REQUIRED, null, null, null, OffsetDateTime.parse("2026-11-24T12:00:01+01:00"));
    }

    static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
