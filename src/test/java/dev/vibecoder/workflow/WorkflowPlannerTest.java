package dev.vibecoder.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
import dev.vibecoder.document.Document.Outcome;
import dev.vibecoder.engineering.TaskGraph;
import dev.vibecoder.workflow.WorkflowDefinition.FixLoop;
import dev.vibecoder.workflow.WorkflowDefinition.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Routing decisions, without a broker or database. */
class WorkflowPlannerTest {

    private static final Map<String, String> PRODUCES = Map.of("pm", "prd", "architect", "design", "writer", "docs",
            "tester", "tests", "planner", "task-breakdown", "engineer", "code", "fixer", "fix");

    private final UUID project = UUID.randomUUID();
    private final Map<String, Map<String, Document>> latest = new HashMap<>();
    private final Set<String> done = new HashSet<>();
    private final Set<String> active = new HashSet<>();
    private final Map<String, Integer> fixes = new HashMap<>();
    private final Set<Integer> joined = new HashSet<>();
    private TaskGraph graph;

    private static Step role(String id, String role, List<String> inputs, boolean checkpoint) {
        return new Step(id, role, null, inputs, null, null, null, null, null, checkpoint, null);
    }

    // requirements -> design -> (docs, tests in parallel)
    private final WorkflowDefinition linear = new WorkflowDefinition("w", "", null, List.of(
            role("requirements", "pm", List.of(), true),
            role("design", "architect", List.of("prd"), false),
            role("docs", "writer", List.of("prd", "design"), false),
            role("tests", "tester", List.of("design"), false)));

    // requirements -> planning -> implementation (fan-out, 2 at a time) -> assembly (hub step with a fix loop)
    private final WorkflowDefinition engineering = new WorkflowDefinition("e", "", null, List.of(
            role("requirements", "pm", List.of(), false),
            role("planning", "planner", List.of("prd"), false),
            new Step("implementation", "engineer", null, List.of("prd", "task-breakdown"), null, null, "tasks", 2, null,
                    false, null),
            new Step("assembly", null, "workspace", List.of("code"), null, List.of("fix"), null, null,
                    new FixLoop("fixer", 2), false, null)));

    @Test
    void aNewProjectStartsWithTheStepsThatNeedOnlyTheIdea() {
        WorkflowPlanner.Plan plan = plan(linear);
        assertThat(plan.ready()).extracting(WorkflowPlanner.ReadyStep::stepId).containsExactly("requirements");
        assertThat(plan.ready().get(0).approvalRequired()).isTrue();
        assertThat(plan.complete()).isFalse();
    }

    @Test
    void aDocumentWaitingForApprovalHoldsItsDependents() {
        stored("requirements", "prd", "", List.of(), ApprovalState.PENDING, null);
        WorkflowPlanner.Plan plan = plan(linear);
        assertThat(plan.ready()).isEmpty();
        assertThat(plan.waiting()).containsExactly("prd v1");
    }

    @Test
    void anApprovedDocumentReleasesItsDependents() {
        Document prd = stored("requirements", "prd", "", List.of(), ApprovalState.APPROVED, null);
        assertThat(plan(linear).ready()).singleElement().satisfies(r -> {
            assertThat(r.stepId()).isEqualTo("design");
            assertThat(r.inputIds()).containsExactly(prd.id());
            assertThat(r.feedback()).isNull();
        });
    }

    @Test
    void independentStepsBecomeReadyTogether() {
        stored("requirements", "prd", "", List.of(), ApprovalState.APPROVED, null);
        stored("design", "design", "", List.of("prd"), ApprovalState.NOT_REQUIRED, null);
        assertThat(plan(linear).ready()).extracting(WorkflowPlanner.ReadyStep::stepId).containsExactly("docs", "tests");
    }

    @Test
    void stepsQueuedOrRunningAreNotSentAgain() {
        stored("requirements", "prd", "", List.of(), ApprovalState.APPROVED, null);
        stored("design", "design", "", List.of("prd"), ApprovalState.NOT_REQUIRED, null);
        active.add(plan(linear).ready().get(0).stepKey());
        assertThat(plan(linear).ready()).extracting(WorkflowPlanner.ReadyStep::stepId).containsExactly("tests");
    }

    @Test
    void aRejectedDocumentIsRewrittenWithTheReviewersFeedback() {
        Document rejected = stored("requirements", "prd", "", List.of(), ApprovalState.REJECTED, null);
        assertThat(plan(linear).ready()).singleElement().satisfies(r -> {
            assertThat(r.stepId()).isEqualTo("requirements");
            assertThat(r.stepKey()).isNotEqualTo(rejected.stepKey());
            assertThat(r.feedback()).isEqualTo("Version 1 was rejected by alice: too vague");
        });
    }

    @Test
    void aNewInputVersionMakesItsDependentsStaleAndHoldsWhatComesAfterThem() {
        stored("requirements", "prd", "", List.of(), ApprovalState.APPROVED, null);
        stored("design", "design", "", List.of("prd"), ApprovalState.NOT_REQUIRED, null);
        // a revised PRD arrives: the design must be redone before docs and tests may use it
        Document prd2 = document("requirements", "prd", "", 2, List.of(), List.of(), ApprovalState.APPROVED, null);
        latest.get("prd").put("", prd2);
        done.add(prd2.stepKey());
        assertThat(plan(linear).ready()).extracting(WorkflowPlanner.ReadyStep::stepId).containsExactly("design");
    }

    @Test
    void everyStepDoneForItsCurrentInputsCompletesTheWorkflow() {
        stored("requirements", "prd", "", List.of(), ApprovalState.APPROVED, null);
        stored("design", "design", "", List.of("prd"), ApprovalState.NOT_REQUIRED, null);
        stored("docs", "docs", "", List.of("prd", "design"), ApprovalState.NOT_REQUIRED, null);
        stored("tests", "tests", "", List.of("design"), ApprovalState.NOT_REQUIRED, null);
        WorkflowPlanner.Plan plan = plan(linear);
        assertThat(plan.ready()).isEmpty();
        assertThat(plan.complete()).isTrue();
    }

    @Test
    void tasksRunWaveByWaveWithinTheConcurrencyLimitAndWaitForEachJoin() {
        // T1 -> (T2, T3, T4) -> T5: a diamond with three tasks in the middle wave
        plannedTasks(Map.of("T1", List.of(), "T2", List.of("T1"), "T3", List.of("T1"), "T4", List.of("T1"),
                "T5", List.of("T2", "T3", "T4")));
        assertThat(graph.waves()).hasSize(3);

        assertThat(subjects(plan(engineering))).containsExactly("T1");
        Document t1 = task("T1", List.of());
        assertThat(plan(engineering).ready()).as("wave 0 is not joined yet").isEmpty();

        joined.add(0);
        List<WorkflowPlanner.ReadyStep> second = plan(engineering).ready();
        assertThat(subjects(second)).as("two at a time").containsExactly("T2", "T3");
        assertThat(second.get(0).inputIds()).as("a task reads the code of what it depends on").contains(t1.id());

        active.add(second.get(0).stepKey());
        active.add(second.get(1).stepKey());
        assertThat(plan(engineering).ready()).as("the limit is reached").isEmpty();

        task("T2", List.of(t1));
        active.remove(second.get(0).stepKey());
        assertThat(subjects(plan(engineering))).as("a slot is free again").containsExactly("T4");

        task("T3", List.of(t1));
        task("T4", List.of(t1));
        active.clear();
        assertThat(plan(engineering).ready()).as("wave 1 is not joined yet").isEmpty();
        joined.add(1);
        assertThat(subjects(plan(engineering))).containsExactly("T5");
    }

    @Test
    void aFailedHubStepGoesToTheFixerUntilItsAttemptsAreUsedUpThenToAHuman() {
        List<Document> code = allTasksDone();
        Document failed = hubStep("assembly", "workspace", ids(code), Outcome.FAILED);

        WorkflowPlanner.Plan plan = plan(engineering);
        assertThat(plan.ready()).singleElement().satisfies(r -> {
            assertThat(r.stepId()).isEqualTo("assembly.fix");
            assertThat(r.role()).isEqualTo("fixer");
            assertThat(r.inputIds()).contains(failed.id()).containsAll(ids(code));
        });

        fixes.put("assembly.fix", 2);
        plan = plan(engineering);
        assertThat(plan.ready()).isEmpty();
        assertThat(plan.decisions()).containsExactly(failed);
        assertThat(plan.waiting()).containsExactly("workspace v1");
    }

    @Test
    void aFixMakesTheHubStepRunAgainAndAPassingResultCompletes() {
        List<Document> code = allTasksDone();
        hubStep("assembly", "workspace", ids(code), Outcome.FAILED);
        Document fix = document("assembly.fix", "fix", "", 1, List.of(), ids(code), ApprovalState.NOT_REQUIRED, null);
        latest.computeIfAbsent("fix", t -> new HashMap<>()).put("", fix);
        done.add(fix.stepKey());

        WorkflowPlanner.Plan plan = plan(engineering);
        assertThat(plan.ready()).singleElement().satisfies(r -> {
            assertThat(r.runner()).isEqualTo("workspace");
            assertThat(r.inputIds()).contains(fix.id());
        });

        List<UUID> inputs = new ArrayList<>(ids(code));
        inputs.add(fix.id());
        hubStep("assembly", "workspace", inputs, Outcome.PASSED);
        assertThat(plan(engineering).complete()).isTrue();
    }

    @Test
    void aHumanDecidesAboutAFailureTheFixerCouldNotRepair() {
        List<Document> code = allTasksDone();
        Document failed = hubStep("assembly", "workspace", ids(code), Outcome.FAILED);
        fixes.put("assembly.fix", 2);

        // rejected with advice: one more fix, with the advice
        Document rejected = withState(failed, ApprovalState.REJECTED);
        assertThat(plan(engineering).ready()).singleElement()
                .satisfies(r -> assertThat(r.feedback()).contains("too vague"));

        // approved: used as it is
        withState(rejected, ApprovalState.APPROVED);
        assertThat(plan(engineering).complete()).isTrue();
    }

    private WorkflowPlanner.Plan plan(WorkflowDefinition workflow) {
        Function<Step, String> produces = s -> s.runner() != null ? "workspace" : PRODUCES.get(s.role());
        return WorkflowPlanner.plan(workflow, produces,
                new WorkflowPlanner.State(project, latest, done, active, fixes, graph, joined));
    }

    private static List<String> subjects(WorkflowPlanner.Plan plan) {
        return subjects(plan.ready());
    }

    private static List<String> subjects(List<WorkflowPlanner.ReadyStep> steps) {
        return steps.stream().map(WorkflowPlanner.ReadyStep::subject).toList();
    }

    private static List<UUID> ids(List<Document> documents) {
        return documents.stream().map(Document::id).toList();
    }

    private void plannedTasks(Map<String, List<String>> dependencies) {
        stored("requirements", "prd", "", List.of(), ApprovalState.NOT_REQUIRED, null);
        ObjectNode breakdown = new ObjectMapper().createObjectNode();
        ArrayNode tasks = breakdown.putArray("tasks");
        dependencies.keySet().stream().sorted().forEach(id -> {
            ObjectNode task = tasks.addObject().put("id", id).put("title", id);
            task.putArray("files").add(id.toLowerCase() + ".py");
            ArrayNode on = task.putArray("dependsOn");
            dependencies.get(id).forEach(on::add);
        });
        graph = TaskGraph.of(breakdown);
        stored("planning", "task-breakdown", "", List.of("prd"), ApprovalState.NOT_REQUIRED, null);
    }

    private List<Document> allTasksDone() {
        plannedTasks(Map.of("T1", List.of(), "T2", List.of("T1")));
        Document t1 = task("T1", List.of());
        Document t2 = task("T2", List.of(t1));
        joined.add(0);
        joined.add(1);
        return List.of(t1, t2);
    }

    /** The code of a task, stored under the key the planner gives it. */
    private Document task(String id, List<Document> dependencies) {
        List<UUID> inputs = new ArrayList<>(List.of(latest.get("prd").get("").id(),
                latest.get("task-breakdown").get("").id()));
        dependencies.forEach(d -> inputs.add(d.id()));
        Document code = new Document(UUID.randomUUID(), project, "code", id, 1, "implementation",
                StepKeys.of(project, "implementation/" + id, inputs, null), null, inputs, "engineer", "offline", "m",
                JsonNodeFactory.instance.objectNode(), 1, 1, 1, null, ApprovalState.NOT_REQUIRED, null, null, null, null);
        latest.computeIfAbsent("code", t -> new HashMap<>()).put(id, code);
        done.add(code.stepKey());
        return code;
    }

    private Document hubStep(String stepId, String type, List<UUID> inputs, Outcome outcome) {
        Document previous = latest.getOrDefault(type, Map.of()).get("");
        Document document = new Document(UUID.randomUUID(), project, type, "", previous == null ? 1 : previous.version() + 1,
                stepId, StepKeys.of(project, stepId, inputs, null), null, inputs, "hub", "hub", "workspace",
                JsonNodeFactory.instance.objectNode(), 0, 0, 0, outcome, ApprovalState.NOT_REQUIRED, null, null, null, null);
        latest.computeIfAbsent(type, t -> new HashMap<>()).put("", document);
        done.add(document.stepKey());
        return document;
    }

    private Document withState(Document d, ApprovalState state) {
        Document changed = new Document(d.id(), d.projectId(), d.docType(), d.subject(), d.version(), d.stepId(),
                d.stepKey(), d.parentId(), d.inputIds(), d.role(), d.provider(), d.model(), d.content(), 0, 0, 0,
                d.outcome(), state, "alice", null, "too vague", null);
        latest.get(d.docType()).put(d.subject(), changed);
        return changed;
    }

    private Document stored(String stepId, String type, String subject, List<String> inputTypes, ApprovalState state,
            Outcome outcome) {
        List<UUID> inputs = inputTypes.stream().map(t -> latest.get(t).get("").id()).toList();
        Document document = document(stepId, type, subject, 1, inputTypes, inputs, state, outcome);
        latest.computeIfAbsent(type, t -> new HashMap<>()).put(subject, document);
        done.add(document.stepKey());
        return document;
    }

    private Document document(String stepId, String type, String subject, int version, List<String> inputTypes,
            List<UUID> inputs, ApprovalState state, Outcome outcome) {
        return new Document(UUID.randomUUID(), project, type, subject, version, stepId,
                StepKeys.of(project, stepId, inputs, version == 1 ? null : UUID.randomUUID()), null, inputs, "role",
                "offline", "m", JsonNodeFactory.instance.objectNode(), 1, 1, 1, outcome, state,
                state == ApprovalState.REJECTED ? "alice" : null, null,
                state == ApprovalState.REJECTED ? "too vague" : null, null);
    }
}
