package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vibecoder.support.HubProcess;
import dev.vibecoder.support.InsertFaults;
import dev.vibecoder.support.InsertFaults.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A crash mid-flow: the hub runs as its own process, is killed with SIGKILL while projects are
 * half-way, and a new hub on the same broker and database finishes them. Nothing may be missing
 * and nothing duplicated.
 */
class RestartTest {

    private final String namespace = "r" + UUID.randomUUID().toString().substring(0, 8);
    private final JdbcTemplate jdbc = HubProcess.testDatabase();
    private final List<HubProcess> hubs = new ArrayList<>();

    @AfterEach
    void stopHubs() throws Exception {
        for (HubProcess hub : hubs) {
            hub.close();
        }
    }

    @Test
    void projectsInterruptedByAKilledHubFinishWithoutMissingOrDuplicatedDocuments() throws Exception {
        HubProcess first = startHub("first");
        List<UUID> ids = new ArrayList<>();
        for (String idea : List.of("A todo list in the terminal", "A habit tracker with streaks", "A tiny wiki")) {
            ids.add(first.startProject(idea, null));
        }
        // mid-flow, while engineers are at work: some task code exists, no project is done yet
        await().atMost(Duration.ofSeconds(90)).until(() -> codeCount(ids) >= 1);
        assertThat(finished(ids)).as("killed mid-flow").isZero();
        first.kill();

        startHub("second");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> finished(ids) == 3);

        for (UUID id : ids) {
            assertThat(status(id)).isEqualTo("COMPLETED");
            List<Map<String, Object>> docs = documents(id);
            Set<Object> types = new HashSet<>();
            Set<Object> keys = new HashSet<>();
            docs.forEach(d -> {
                // a finished task or step is never done twice: one version of each document
                assertThat(d.get("version")).as(d.get("doc_type") + " " + d.get("subject")).isEqualTo(1);
                types.add(d.get("doc_type"));
                keys.add(d.get("step_key"));
            });
            assertThat(types).containsExactlyInAnyOrder("prd", "system-design", "api-spec", "task-breakdown", "code",
                    "workspace", "test-plan", "test-report", "deployment-guide", "user-docs");
            assertThat(keys).hasSize(docs.size());
        }
    }

    @Test
    void aHubKilledWhileJoiningAWaveLeavesTheJoinToTheNextHub() throws Exception {
        HubProcess first = startHub("joining");
        try (InsertFaults joins = InsertFaults.hold(Target.WAVE_JOINS)) {
            UUID id = first.startProject("A packing list for trips " + joins.marker(), "quick-prototype");
            // the first wave's join is under way, its transaction open, when the hub dies
            joins.awaitHeldInsert(Duration.ofSeconds(90));
            first.kill();
            joins.release();

            startHub("after-joining");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> finished(List.of(id)) == 1);
            assertThat(status(id)).isEqualTo("COMPLETED");
            int waves = count("select count(distinct (breakdown_id, wave)) as n from task_waves where project_id = ?", id);
            assertThat(waves).isPositive();
            assertThat(count("select count(*) as n from wave_joins where project_id = ?", id)).isEqualTo(waves);
            assertThat(count("select count(*) as n from project_events where project_id = ? and kind = 'wave.joined'", id))
                    .as("each wave announced once").isEqualTo(waves);
            assertThat(documents(id)).allSatisfy(d -> assertThat(d.get("version")).isEqualTo(1));
        }
    }

    private HubProcess startHub(String name) throws Exception {
        HubProcess hub = HubProcess.named("restart-" + name, namespace).env("VIBECODER_OFFLINE_LATENCY", "300ms");
        hubs.add(hub);
        return hub.start();
    }

    private int codeCount(List<UUID> ids) {
        return jdbc.queryForObject("select count(*) from documents where project_id = any(?) and doc_type = 'code'",
                Integer.class, (Object) ids.toArray(UUID[]::new));
    }

    private int finished(List<UUID> ids) {
        return jdbc.queryForObject("select count(*) from projects where id = any(?) and status in ('COMPLETED', 'FAILED')",
                Integer.class, (Object) ids.toArray(UUID[]::new));
    }

    private int count(String sql, UUID id) {
        return jdbc.queryForObject(sql, Integer.class, id);
    }

    private String status(UUID id) {
        return jdbc.queryForObject("select status from projects where id = ?", String.class, id);
    }

    private List<Map<String, Object>> documents(UUID id) {
        return jdbc.queryForList("select doc_type, subject, version, step_key from documents where project_id = ?", id);
    }
}
