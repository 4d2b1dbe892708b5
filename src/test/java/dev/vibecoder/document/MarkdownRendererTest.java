package dev.vibecoder.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private final ObjectMapper json = new ObjectMapper();
    private final DocumentTypes types = new DocumentTypes(new ConfigFiles(Path.of("config")), json);
    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void rendersSectionsInSchemaOrderWithMermaidTablesAndFiles() {
        ObjectNode design = json.createObjectNode();
        design.put("programCallFlow", "sequenceDiagram\n  A->>B: hi");
        design.put("implementationApproach", "Use the standard library.");
        design.putArray("fileList").add("app/main.py").add("tests/test_main.py");
        design.putArray("components").addObject().put("name", "CLI").put("responsibility", "parse | dispatch")
                .putArray("files").add("app/main.py");
        design.put("dataStructuresAndInterfaces", "classDiagram\n  class Store");
        design.put("anythingUnclear", "");
        design.put("extraField", "kept");

        String md = renderer.render(types.get("system-design"), design,
                new MarkdownRenderer.Header("System Design", List.of("version 1", "written by architect")));

        assertThat(md).startsWith("# System Design\n\n> version 1 · written by architect\n\n");
        assertThat(md.indexOf("## Implementation approach")).isLessThan(md.indexOf("## File list"));
        assertThat(md.indexOf("## File list")).isLessThan(md.indexOf("## Program call flow"));
        assertThat(md).contains("- app/main.py\n- tests/test_main.py\n");
        assertThat(md).contains("| Name | Responsibility | Files |\n| --- | --- | --- |\n| CLI | parse \\| dispatch | app/main.py |");
        assertThat(md).contains("```mermaid\nsequenceDiagram\n  A->>B: hi\n```");
        assertThat(md).doesNotContain("## Anything unclear");
        assertThat(md).contains("## Extra field\n\nkept");
    }

    @Test
    void rendersCodeFilesWithTheirLanguageAndAFenceLongerThanAnyInside() {
        ObjectNode code = json.createObjectNode().put("language", "python").put("entryPoint", "app.py");
        code.putArray("files").addObject().put("path", "app.py").put("content", "print('```')");
        String md = renderer.render(types.get("code"), code, new MarkdownRenderer.Header("Code", List.of()));
        assertThat(md).contains("### `app.py`\n\n````python\nprint('```')\n````");
    }
}
