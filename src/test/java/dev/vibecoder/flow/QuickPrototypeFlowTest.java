package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The second workflow, a data file only, runs as it is defined: four steps, other inputs. */
class QuickPrototypeFlowTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;
    @Autowired
    DocumentTypes types;

    @Test
    void theQuickPrototypeWorkflowRunsItsFourSteps() {
        UUID id = startProject("A command-line unit converter", "quick-prototype");

        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        List<Document> history = documents.history(id);
        assertThat(history.stream().map(Document::stepId).distinct().toList())
                .containsExactly("requirements", "planning", "implementation", "documentation");
        assertThat(history.stream().map(Document::docType).distinct().toList())
                .containsExactly("prd", "task-breakdown", "code", "user-docs");
        assertThat(history).allSatisfy(d -> assertThat(types.get(d.docType()).validate(d.content())).isEmpty());
        Document prd = history.get(0);
        Document tasks = history.get(1);
        // in this workflow the project manager reads the PRD alone, each engineer the PRD and the tasks
        assertThat(tasks.inputIds()).containsExactly(prd.id());
        List<Document> code = documents.ofType(id, "code");
        assertThat(code).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.inputIds()).contains(prd.id(), tasks.id()));
        // and the tech writer reads all of the code
        assertThat(documents.latest(id, "user-docs").orElseThrow().inputIds())
                .containsAll(code.stream().map(Document::id).toList());
        assertThat(projects.get(id).orElseThrow().workflow()).isEqualTo("quick-prototype");
    }
}
