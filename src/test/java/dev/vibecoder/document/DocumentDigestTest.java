package dev.vibecoder.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A document in a few lines, following its schema. */
class DocumentDigestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DocumentTypes types = new DocumentTypes(new ConfigFiles(Path.of("config")), JSON);

    @Test
    void shortFieldsShareALineLongOnesAreCutAndTheIdeaIsNotRepeated() throws Exception {
        List<DocumentDigest.Line> digest = DocumentDigest.of(types.get("system-design"), JSON.readTree("""
                {"implementationApproach": "A Flask app with SQLite. Lists live in one table. Each change is pushed to open tabs over server-sent events, which need no extra service. Items keep their order by a position column.",
                 "fileList": ["app.py", "store.py", "templates/list.html"],
                 "components": [{"name": "Store", "responsibility": "keeps lists"}, {"name": "Web"}],
                 "dataStructuresAndInterfaces": "classDiagram\\n class Store",
                 "programCallFlow": "sequenceDiagram\\n A->>B: add",
                 "anythingUnclear": "A shared shopping list"}
                """), "A shared shopping list", 3);

        assertThat(digest).extracting(DocumentDigest.Line::label)
                .containsExactly("Implementation approach", "File list (3)", "Components (2)");
        assertThat(digest.get(0).text()).isEqualTo("A Flask app with SQLite. Lists live in one table.");
        assertThat(digest.get(1).text()).isEqualTo("app.py; store.py; templates/list.html");
        assertThat(digest.get(2).text()).isEqualTo("Store; Web");
    }

    @Test
    void aLongTextWithoutSentencesIsCutAtAWord() {
        String brief = DocumentDigest.brief("word ".repeat(100));
        assertThat(brief).hasSizeLessThanOrEqualTo(180).endsWith("word…");
    }

    @Test
    void contentThatIsNotAnObjectHasNoDigest() throws Exception {
        assertThat(DocumentDigest.of(types.get("prd"), JSON.readTree("[1, 2]"), null, 3)).isEmpty();
        assertThat(DocumentDigest.of(types.get("prd"), null, null, 3)).isEmpty();
    }
}
