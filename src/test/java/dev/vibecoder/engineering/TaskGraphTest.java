package dev.vibecoder.engineering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGraphTest {

    @Test
    void aDiamondBecomesThreeWaves() {
        TaskGraph graph = TaskGraph.of(breakdown("T1", "", "T2", "T1", "T3", "T1", "T4", "T2,T3"));
        assertThat(graph.waves()).extracting(w -> w.stream().map(TaskGraph.Task::id).toList())
                .containsExactly(List.of("T1"), List.of("T2", "T3"), List.of("T4"));
        assertThat(graph.waveOf("T4")).isEqualTo(2);
    }

    @Test
    void aCycleIsNamedTaskByTask() {
        ObjectNode cyclic = breakdown("T1", "", "T2", "T1,T4", "T3", "T2", "T4", "T3");
        assertThat(TaskGraph.problems(cyclic)).containsExactly(
                "$.tasks: the dependencies form a cycle: T2 -> T4 -> T3 -> T2 (each task depends on the next)");
        assertThatThrownBy(() -> TaskGraph.of(cyclic)).hasMessageContaining("cycle");
    }

    @Test
    void unknownSelfAndRepeatedDependenciesAreReportedByField() {
        assertThat(TaskGraph.problems(breakdown("T1", "T9", "T2", "T2", "T1", ""))).containsExactly(
                "$.tasks[2].id: task id 'T1' is used twice",
                "$.tasks[0].dependsOn: task T1 depends on unknown task T9",
                "$.tasks[1].dependsOn: task T2 depends on itself");
    }

    @Test
    void theCheckRunsOnTaskBreakdowns() {
        TaskGraph.Check check = new TaskGraph.Check();
        assertThat(check.docType()).isEqualTo("task-breakdown");
        assertThat(check.problems(breakdown("T1", "T2", "T2", "T1"))).singleElement().asString().contains("cycle");
    }

    /** Pairs of (id, comma-separated dependencies). */
    private static ObjectNode breakdown(String... idsAndDependencies) {
        ObjectNode breakdown = new ObjectMapper().createObjectNode();
        ArrayNode tasks = breakdown.putArray("tasks");
        for (int i = 0; i < idsAndDependencies.length; i += 2) {
            ObjectNode task = tasks.addObject().put("id", idsAndDependencies[i]).put("title", "t");
            task.putArray("files").add("f" + i + ".py");
            ArrayNode on = task.putArray("dependsOn");
            for (String d : idsAndDependencies[i + 1].split(",")) {
                if (!d.isEmpty()) {
                    on.add(d);
                }
            }
        }
        return breakdown;
    }
}
