package dev.vibecoder.connector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vibecoder.document.Document;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bucket layout: one browsable folder per project, keys fixed by the version they hold. */
class ArtifactKeysTest {

    private static final UUID PROJECT = UUID.fromString("0b6c2f0e-8d1a-4c59-9a43-2f7de1a0c001");

    @Test
    void eachKindOfArtifactHasItsFolderInTheProjects() {
        String folder = "projects/" + PROJECT + "/";
        assertThat(ArtifactKeys.project(PROJECT)).isEqualTo(folder);
        assertThat(ArtifactKeys.document(document("prd", "", 3), "json")).isEqualTo(folder + "documents/prd/v3.json");
        assertThat(ArtifactKeys.document(document("code", "T2", 1), "md")).isEqualTo(folder + "documents/code/T2/v1.md");
        assertThat(ArtifactKeys.workspace(document("workspace", "", 2))).isEqualTo(folder + "workspaces/v2.zip");
        assertThat(ArtifactKeys.testReport(document("test-report", "", 4), "log"))
                .isEqualTo(folder + "test-reports/v4.log");
    }

    @Test
    void aSubjectStaysOneSegmentWhateverAModelNamedIt() {
        assertThat(ArtifactKeys.segment("T2")).isEqualTo("T2");
        assertThat(ArtifactKeys.segment("task-1.b_c")).isEqualTo("task-1.b_c");
        assertThat(ArtifactKeys.segment("..")).isEqualTo("%2E%2E");
        assertThat(ArtifactKeys.segment("../../etc")).isEqualTo("..%2F..%2Fetc").doesNotContain("/");
        assertThat(ArtifactKeys.segment("a b/ü")).isEqualTo("a%20b%2F%C3%BC");
        assertThat(ArtifactKeys.document(document("code", "..", 1), "json"))
                .isEqualTo("projects/" + PROJECT + "/documents/code/%2E%2E/v1.json");
    }

    @Test
    void onlyPathsWithinAProjectsFolderNameAnArtifact() {
        for (String path : List.of("workspaces/v1.zip", "documents/code/T2/v1.md", "documents/code/..%2Fx/v1.md")) {
            assertThat(ArtifactKeys.isPath(path)).as(path).isTrue();
            assertThat(ArtifactKeys.path(PROJECT, ArtifactKeys.key(PROJECT, path))).isEqualTo(path);
        }
        for (String path : List.of("", "/etc/passwd", "../other/v1.zip", "documents/../../x", "a//b", "a/./b", "a/",
                "a\\b", "..", ".")) {
            assertThat(ArtifactKeys.isPath(path)).as(path).isFalse();
            assertThatThrownBy(() -> ArtifactKeys.key(PROJECT, path)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ArtifactKeys.path(PROJECT, "projects/" + UUID.randomUUID() + "/workspaces/v1.zip"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Document document(String type, String subject, int version) {
        return new Document(UUID.randomUUID(), PROJECT, type, subject, version, "step", "key", null, List.of(), "role",
                "scripted", "model", JsonNodeFactory.instance.objectNode(), 0, 0, 0, null,
                Document.ApprovalState.NOT_REQUIRED, null, null, null, OffsetDateTime.parse("2026-11-24T12:00:00Z"));
    }
}
