package dev.vibecoder.engineering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tree's paths are checked once, for the sandbox's directory and the artifact zip alike. */
class WorkspaceFilesTest {

    @TempDir
    Path dir;

    @Test
    void pathsAreNormalisedWithinTheWorkspaceAndWrittenThere() throws IOException {
        WorkspaceFiles tree = WorkspaceFiles.ofWorkspace(workspace("./src/app.py", "print('hi')\n", "docs/../README.md",
                "# App\n"));

        assertThat(tree.byRelativePath()).containsExactly(Map.entry("src/app.py", "print('hi')\n"),
                Map.entry("README.md", "# App\n"));
        tree.writeTo(dir);
        assertThat(dir.resolve("src/app.py")).hasContent("print('hi')");
        assertThat(dir.resolve("README.md")).hasContent("# App");
    }

    @Test
    void aPathLeavingTheWorkspaceIsRefusedBeforeAnythingIsWritten() throws IOException {
        for (String outside : List.of("../outside.py", "/etc/passwd", "a/../../outside.py", ".")) {
            WorkspaceFiles tree = WorkspaceFiles.ofWorkspace(workspace("inside.py", "x = 1\n", outside, "y = 2\n"));

            assertThatThrownBy(tree::byRelativePath).as(outside).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("path '" + outside + "' leaves the workspace");
            assertThatThrownBy(() -> tree.writeTo(dir)).as(outside).isInstanceOf(IOException.class)
                    .hasMessage("path '" + outside + "' leaves the workspace");
            try (Stream<Path> written = Files.list(dir)) {
                assertThat(written).as(outside).isEmpty();
            }
        }
        assertThat(dir.getParent().resolve("outside.py")).doesNotExist();
    }

    /** A workspace document of the given files: path, content, path, content, ... */
    private static Document workspace(String... files) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        ArrayNode list = content.putArray("files");
        for (int i = 0; i < files.length; i += 2) {
            list.addObject().put("path", files[i]).put("content", files[i + 1]).put("source", "T1");
        }
        return new Document(UUID.randomUUID(), UUID.randomUUID(), "workspace", "", 1, "assembly", "key", null,
                List.of(), "hub", "hub", "workspace", content, 0, 0, 0, Document.Outcome.PASSED,
                Document.ApprovalState.NOT_REQUIRED, null, null, null, OffsetDateTime.now());
    }
}
