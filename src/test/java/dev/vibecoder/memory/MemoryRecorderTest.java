package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the recorder stores of a role's step. */
class MemoryRecorderTest extends MemoryTestSupport {

    @Test
    void anExperienceIsStoredUnderTheQueryItsStepWasRecalledByWithoutEmbeddingItAgain() {
        TaskQuery task = recall.taskQuery("A reading list with authors and genres", "Code", "T1");
        // no document or project store: the idea and the embedding come with the query
        MemoryRecorder recorder = new MemoryRecorder(store, patterns, null, null, json);

        recorder.experience(new MemoryRecorder.Experience(project, role("engineer"), "implementation", "step-1", "T1",
                "code", "Code", null, 2, List.of(List.of("$.files: is missing")), null, "no valid code", task));

        long id = jdbc.queryForObject("select id from memories where project_id = ? and kind = 'EXPERIENCE'",
                Long.class, project);
        Memory experience = store.get(id).orElseThrow();
        assertThat(experience.text()).isEqualTo("Code (task T1) for: A reading list with authors and genres");
        assertThat(store.embedding(id)).containsExactly(task.embedding());
        assertThat(experience.outcome()).isEqualTo(MemoryOutcome.FAILED);
        assertThat(experience.details().path("idea").asText()).isEqualTo("A reading list with authors and genres");
        assertThat(experience.details().path("failure").asText()).isEqualTo("no valid code");
        assertThat(experience.details().path("rejectedAnswers").toString()).isEqualTo("[[\"$.files: is missing\"]]");
    }
}
