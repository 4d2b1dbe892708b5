package dev.vibecoder.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A task's size, for the role's small-tasks model: the files the task breakdown lists for it. */
class TaskFilesTest {

    @Test
    void countsTheFilesOfTheNamedTaskOnly() throws Exception {
        JsonNode breakdown = new ObjectMapper().readTree("""
                {"tasks": [
                  {"id": "T1", "files": ["a.py"]},
                  {"id": "T2", "files": ["b.py", "c.py", "tests/test_b.py"]}
                ]}""");
        assertThat(RoleProcessor.taskFiles(breakdown, "T1")).isEqualTo(1);
        assertThat(RoleProcessor.taskFiles(breakdown, "T2")).isEqualTo(3);
        assertThat(RoleProcessor.taskFiles(breakdown, "T9")).isZero();
    }
}
