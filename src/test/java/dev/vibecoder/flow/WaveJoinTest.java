package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.InsertFaults;
import dev.vibecoder.support.InsertFaults.Target;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The wave join when PostgreSQL refuses it: the task's code event is retried, or kept in the dead
 * letters, never acknowledged with the wave left unjoined; and the waves it joins are recorded even
 * when the router's first decision on them is rolled back. Every wave of the offline task breakdown
 * has one task, the case a group-building aggregator never stores.
 */
class WaveJoinTest extends FlowTestSupport {

    @Test
    void aJoinTheDatabaseRefusesOnceIsRetriedAndAnnouncedOnce() throws Exception {
        try (InsertFaults fault = InsertFaults.refuseFirst(Target.WAVE_JOINS)) {
            UUID id = startProject("A packing list for trips " + fault.marker(), "quick-prototype");
            Project project = awaitFinished(id);

            assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);
            assertThat(fault.attempts()).as("the refused join was tried again").isGreaterThan(waves(id));
            assertThat(jdbc.queryForObject("select count(*) from wave_joins where project_id = ?", Integer.class, id))
                    .isEqualTo(waves(id));
            assertThat(projects.events(id, 0)).filteredOn(e -> e.kind().equals("wave.joined")).hasSize(waves(id));
        }
    }

    @Test
    void aJoinTheDatabaseKeepsRefusingIsDeadLetteredAndJoinsWhenReplayed() throws Exception {
        UUID id;
        try (InsertFaults fault = InsertFaults.refuseAll(Target.WAVE_JOINS)) {
            id = startProject("A shared shopping list " + fault.marker(), "quick-prototype");
            JsonNode letter = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deadLetter(id), l -> l != null);
            assertThat(letter.path("routingKey").asText()).isEqualTo("code.created");
            assertThat(jdbc.queryForObject("select count(*) from wave_joins where project_id = ?", Integer.class, id))
                    .isZero();
        }
        // the cause is gone: the replayed event joins the wave, and the project goes on
        JsonNode replay = api().post().uri("/api/dead-letters/replay?projectId={id}", id).retrieve()
                .body(JsonNode.class);
        assertThat(replay.path("replayed").asInt()).isEqualTo(1);
        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);
        assertThat(projects.events(id, 0)).filteredOn(e -> e.kind().equals("wave.joined")).hasSize(waves(id));
    }

    @Test
    void aBreakdownsWavesAreRecordedEvenWhenTheFirstDecisionOnThemIsRolledBack() throws Exception {
        try (InsertFaults fault = InsertFaults.refuseFirst(Target.TASK_ORDERS)) {
            UUID id = startProject("A birthday reminder " + fault.marker(), "quick-prototype");
            Project project = awaitFinished(id);

            assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);
            int tasks = jdbc.queryForObject("select count(*) from task_waves where project_id = ?", Integer.class, id);
            assertThat(fault.attempts()).as("the first task's order was refused, then sent again").isGreaterThan(tasks);
            assertThat(jdbc.queryForObject("select count(*) from wave_joins where project_id = ?", Integer.class, id))
                    .isEqualTo(waves(id));
        }
    }

    private int waves(UUID projectId) {
        return jdbc.queryForObject("select count(distinct (breakdown_id, wave)) from task_waves where project_id = ?",
                Integer.class, projectId);
    }

    /** This project's dead letter from the wave join's queue, if there is one yet. */
    private JsonNode deadLetter(UUID projectId) {
        JsonNode letters = api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class);
        for (JsonNode letter : letters) {
            if (letter.path("projectId").asText().equals(projectId.toString())
                    && letter.path("queue").asText().equals(NAMESPACE + ".waves")) {
                return letter;
            }
        }
        return null;
    }
}
