package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.memory.FailurePatterns;
import dev.vibecoder.memory.Memory;
import dev.vibecoder.memory.MemoryKind;
import dev.vibecoder.memory.MemoryOutcome;
import dev.vibecoder.memory.MemoryStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engineering loop on the real queues, database and sandbox: tasks in dependency waves, a
 * cyclic plan sent back, a planted bug caught by the generated tests and repaired by the fixer, and
 * a failure the fixer cannot repair put before a human.
 */
class EngineeringLoopTest extends FlowTestSupport {

    private static final Pattern TASK_IN_KEY = Pattern.compile("/implementation/(T\\d+)/");

    @Autowired
    DocumentStore documents;
    @Autowired
    MemoryStore memories;
    @Autowired
    FailurePatterns patterns;

    @Test
    void tasksRunInDependencyWavesWithinTheConcurrencyLimit() {
        UUID id = startProject("A tiny note keeper [tasks:diamond] [slow:code]", null);
        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);

        assertThat(documents.ofType(id, "code")).extracting(Document::subject)
                .containsExactlyInAnyOrder("T1", "T2", "T3", "T4", "T5");
        assertThat(jdbc.queryForObject("select count(*) from wave_joins where project_id = ?", Integer.class, id))
                .isEqualTo(3);

        Map<String, Instant[]> calls = engineerCalls(id);
        assertThat(calls).containsOnlyKeys("T1", "T2", "T3", "T4", "T5");
        for (String middle : List.of("T2", "T3", "T4")) {
            assertThat(calls.get(middle)[0]).as(middle + " starts after T1 ended").isAfterOrEqualTo(calls.get("T1")[1]);
            assertThat(calls.get("T5")[0]).as("T5 starts after " + middle + " ended").isAfterOrEqualTo(calls.get(middle)[1]);
        }
        assertThat(maxOverlap(new ArrayList<>(calls.values()))).as("the workflow allows two tasks at once").isEqualTo(2);
    }

    @Test
    void aTaskBreakdownWithACycleIsSentBackWithTheCycleNamed() {
        UUID id = startProject("A recipe scaler [cyclic:task-breakdown]", "quick-prototype");
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        assertThat(documents.latest(id, "task-breakdown").orElseThrow().llmCalls()).isEqualTo(2);
        assertThat(projects.events(id, 0)).filteredOn(e -> e.kind().equals("step.reask")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("the dependencies form a cycle: T1 -> "));
    }

    @Test
    void aPlantedBugIsCaughtByTheTestsAndRepairedByTheFixer() {
        UUID id = startProject("A reading list with authors [bug:store]", null);
        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);

        List<Document> reports = documents.ofType(id, "test-report");
        assertThat(reports).extracting(Document::outcome)
                .containsExactly(Document.Outcome.FAILED, Document.Outcome.PASSED);
        assertThat(reports.get(0).content().path("failed").asInt() + reports.get(0).content().path("errors").asInt())
                .isPositive();
        Document fix = documents.latest(id, "fix").orElseThrow();
        assertThat(fix.stepId()).isEqualTo("testing.fix");
        assertThat(fix.inputIds()).contains(reports.get(0).id());
        assertThat(fix.content().path("rootCause").asText()).contains("store.py");
        List<Document> workspaces = documents.ofType(id, "workspace");
        assertThat(workspaces).hasSize(2);
        assertThat(workspaces.get(1).inputIds()).contains(fix.id());
        assertThat(workspaces.get(1).content().path("files").findValuesAsText("source")).contains("fix v1");
        assertThat(reports.get(1).content().path("workspaceVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aWorkspaceMissingAFileOfTheDesignGoesToTheFixerBeforeQaSeesIt() {
        UUID id = startProject("A plant watering log [missing:__main__.py]", null);
        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);

        List<Document> workspaces = documents.ofType(id, "workspace");
        assertThat(workspaces).extracting(Document::outcome).containsExactly(Document.Outcome.FAILED,
                Document.Outcome.PASSED);
        String missing = workspaces.get(0).content().path("check").path("missingFiles").get(0).asText();
        assertThat(missing).endsWith("/__main__.py");
        Document fix = documents.latest(id, "fix").orElseThrow();
        assertThat(fix.stepId()).isEqualTo("assembly.fix");
        assertThat(fix.content().path("changes").findValuesAsText("path")).containsExactly(missing);
        assertThat(workspaces.get(1).content().path("files").findValuesAsText("path")).contains(missing);
        // QA wrote its tests only once the workspace was whole, and they ran once, green
        Document testPlan = documents.latest(id, "test-plan").orElseThrow();
        assertThat(testPlan.createdAt()).isAfter(workspaces.get(1).createdAt());
        assertThat(documents.ofType(id, "test-report")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Document.Outcome.PASSED));
    }

    @Test
    void aFailureTheFixerCannotRepairWaitsForAHumanWhoCanLetItThrough() {
        UUID id = startProject("A bookmark list [bug:store] [unfixable]", null);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> projects.get(id).orElseThrow().status() == Project.Status.AWAITING_APPROVAL);
        assertThat(documents.ofType(id, "fix")).hasSize(3).allSatisfy(f -> assertThat(f.stepId()).isEqualTo("testing.fix"));
        Document last = documents.latest(id, "test-report").orElseThrow();
        assertThat(last.version()).isEqualTo(4);
        assertThat(last.approvalState()).isEqualTo(Document.ApprovalState.PENDING);
        assertThat(projects.get(id).orElseThrow().statusReason()).isEqualTo("waiting for a decision on test-report v4");
        // the same failure four times: a named failure pattern
        await().atMost(Duration.ofSeconds(30)).until(() -> patterns.ofProject(id).stream()
                .anyMatch(p -> p.named() && p.occurrences() >= 3));
        assertThat(projects.events(id, 0)).anySatisfy(e -> assertThat(e.message())
                .contains("test-report v4 failed and its fix attempts are used up"));

        int status = api().post().uri("/api/projects/{id}/documents/test-report/decision", id)
                .body(Map.of("decision", "approve", "by", "carol", "comment", "ship it, we fix it by hand"))
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(status).isEqualTo(202);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        assertThat(documents.latest(id, "deployment-guide")).isPresent();
    }

    @Test
    void whatTheFixLoopLearnedIsRecalledForASimilarFailureInAnotherProject() {
        // memories are per deployment: those of earlier runs on this database would crowd the top k
        jdbc.update("delete from memory_recalls");
        jdbc.update("delete from memories");
        jdbc.update("delete from failure_patterns");

        UUID first = startProject("A reading list with authors and genres [bug:store]", null);
        assertThat(awaitFinished(first).status()).isEqualTo(Project.Status.COMPLETED);
        Document failedRun = documents.ofType(first, "test-report").get(0);
        Document fix = documents.latest(first, "fix").orElseThrow();
        // the memory route remembers the failure, the fixer's reflection and, from the next run, that the fix worked
        Memory reflection = await().atMost(Duration.ofSeconds(30)).until(
                () -> memories.bySource(fix.id(), MemoryKind.REFLECTION).orElse(null),
                r -> r != null && r.outcome() == MemoryOutcome.SUCCEEDED);
        Memory failure = memories.bySource(failedRun.id(), MemoryKind.FAILURE).orElseThrow();
        assertThat(reflection.relatedMemoryId()).isEqualTo(failure.id());
        assertThat(reflection.details().path("rootCause").asText()).contains("store.py");
        assertThat(reflection.details().path("changedFiles").toString()).contains("store.py");
        assertThat(failure.patternId()).isNotNull();
        // every role step left an experience, the engineers one per task
        assertThat(jdbc.queryForObject("select count(*) from memories where project_id = ? and kind = 'EXPERIENCE' "
                + "and role = 'engineer'", Integer.class, first)).isEqualTo(documents.ofType(first, "code").size());
        assertThat(jdbc.queryForList("select distinct role from memories where project_id = ? and kind = 'EXPERIENCE'",
                String.class, first)).contains("product-manager", "architect", "engineer", "qa-engineer", "fixer");

        UUID second = startProject("A film watchlist with directors and ratings [bug:store]", null);
        assertThat(awaitFinished(second).status()).isEqualTo(Project.Status.COMPLETED);
        Document secondFix = documents.latest(second, "fix").orElseThrow();
        // the fixer of the second project was given the first one's reflection, found by similarity in the vector index
        Double similarity = jdbc.queryForObject("select max(similarity) from memory_recalls where step_key = ? "
                + "and memory_id = ?", Double.class, secondFix.stepKey(), reflection.id());
        assertThat(similarity).as("the first fix was recalled for the second failure").isNotNull()
                .isGreaterThan(0.8);
        assertThat(secondFix.content().path("diagnosis").asText())
                .contains("A remembered fix of a similar failure changed store.py");
        assertThat(projects.events(second, 0)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("step.recalled");
            assertThat(e.stepId()).isEqualTo("testing.fix");
            assertThat(e.message()).contains("reflection " + reflection.id());
        });
        // and its engineers recalled the first project's engineering experiences
        assertThat(jdbc.queryForObject("""
                select count(*) from memory_recalls r join memories m on m.id = r.memory_id
                 where m.project_id = ? and m.kind = 'EXPERIENCE' and m.role = 'engineer'
                   and r.step_key in (select step_key from documents where project_id = ? and doc_type = 'code')
                """, Integer.class, first, second)).isPositive();

        // insights count the fix that worked
        JsonNode insights = api().get().uri("/api/insights?window=PT1H").retrieve().body(JsonNode.class);
        assertThat(insights.path("autoFix").path("succeeded").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(insights.path("roles").findValuesAsText("role")).contains("engineer", "fixer", "hub:sandbox");
    }

    /** Each engineer call's start and end, by task. */
    private Map<String, Instant[]> engineerCalls(UUID id) {
        Map<String, Instant[]> calls = new HashMap<>();
        jdbc.query("select step_key, created_at, duration_ms from llm_calls where project_id = ? and role = 'engineer'",
                rs -> {
                    Matcher task = TASK_IN_KEY.matcher(rs.getString("step_key"));
                    if (task.find()) {
                        Instant end = rs.getObject("created_at", Timestamp.class).toInstant();
                        calls.put(task.group(1), new Instant[] {end.minusMillis(rs.getInt("duration_ms")), end});
                    }
                }, id);
        return calls;
    }

    private static int maxOverlap(List<Instant[]> intervals) {
        int most = 0;
        for (Instant[] probe : intervals) {
            int overlapping = 0;
            for (Instant[] other : intervals) {
                if (other[0].isBefore(probe[1]) && probe[0].isBefore(other[1])) {
                    overlapping++;
                }
            }
            most = Math.max(most, overlapping);
        }
        return most;
    }
}
