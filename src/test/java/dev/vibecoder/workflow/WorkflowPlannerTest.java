package dev.vibecoder.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.Document.ApprovalState;
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

    private static final Map<String, String> PRODUCES = Map.of("pm", "prd", "architect", "design",
            "writer", "docs", "tester", "tests");
    private static final Function<String, String> PRODUCED = PRODUCES::get;

    private final UUID project = UUID.randomUUID();
    private final Map<String, Document> latest = new HashMap<>();
    private final Set<String> done = new HashSet<>();

    // requirements -> design -> (docs, tests in parallel)
    private final WorkflowDefinition workflow = new WorkflowDefinition("w", "", List.of(
            new WorkflowDefinition.Step("requirements", "pm", List.of(), true),
            new WorkflowDefinition.Step("design", "architect", List.of("prd"), false),
            new WorkflowDefinition.Step("docs", "writer", List.of("prd", "design"), false),
            new WorkflowDefinition.Step("tests", "tester", List.of("design"), false)));

    @Test
    void aNewProjectStartsWithTheStepsThatNeedOnlyTheIdea() {
        WorkflowPlanner.Plan plan = plan();
        assertThat(plan.ready()).extracting(r -> r.step().id()).containsExactly("requirements");
        assertThat(plan.complete()).isFalse();
    }

    @Test
    void aDocumentWaitingForApprovalHoldsItsDependents() {
        stored("requirements", "prd", List.of(), ApprovalState.PENDING);
        WorkflowPlanner.Plan plan = plan();
        assertThat(plan.ready()).isEmpty();
        assertThat(plan.waiting()).containsExactly("prd v1");
    }

    @Test
    void anApprovedDocumentReleasesItsDependents() {
        stored("requirements", "prd", List.of(), ApprovalState.APPROVED);
        WorkflowPlanner.Plan plan = plan();
        assertThat(plan.ready()).singleElement().satisfies(r -> {
            assertThat(r.step().id()).isEqualTo("design");
            assertThat(r.inputIds()).containsExactly(latest.get("prd").id());
            assertThat(r.feedback()).isNull();
        });
    }

    @Test
    void independentStepsBecomeReadyTogether() {
        stored("requirements", "prd", List.of(), ApprovalState.APPROVED);
        stored("design", "design", List.of("prd"), ApprovalState.NOT_REQUIRED);
        assertThat(plan().ready()).extracting(r -> r.step().id()).containsExactly("docs", "tests");
    }

    @Test
    void aRejectedDocumentIsRewrittenWithTheReviewersFeedback() {
        Document rejected = stored("requirements", "prd", List.of(), ApprovalState.REJECTED);
        WorkflowPlanner.Plan plan = plan();
        assertThat(plan.ready()).singleElement().satisfies(r -> {
            assertThat(r.step().id()).isEqualTo("requirements");
            assertThat(r.stepKey()).isNotEqualTo(rejected.stepKey());
            assertThat(r.feedback()).isEqualTo("Version 1 was rejected by alice: too vague");
        });
    }

    @Test
    void aNewInputVersionMakesItsDependentsStale() {
        stored("requirements", "prd", List.of(), ApprovalState.APPROVED);
        stored("design", "design", List.of("prd"), ApprovalState.NOT_REQUIRED);
        // a revised PRD arrives (e.g. after a later rejection and approval)
        Document prd2 = document("requirements", "prd", 2, List.of(), ApprovalState.APPROVED);
        latest.put("prd", prd2);
        done.add(prd2.stepKey());
        assertThat(plan().ready()).extracting(r -> r.step().id()).contains("design");
    }

    @Test
    void everyStepDoneForItsCurrentInputsCompletesTheWorkflow() {
        stored("requirements", "prd", List.of(), ApprovalState.APPROVED);
        stored("design", "design", List.of("prd"), ApprovalState.NOT_REQUIRED);
        stored("docs", "docs", List.of("prd", "design"), ApprovalState.NOT_REQUIRED);
        stored("tests", "tests", List.of("design"), ApprovalState.NOT_REQUIRED);
        WorkflowPlanner.Plan plan = plan();
        assertThat(plan.ready()).isEmpty();
        assertThat(plan.complete()).isTrue();
    }

    private WorkflowPlanner.Plan plan() {
        return WorkflowPlanner.plan(project, workflow, PRODUCED, latest, done);
    }

    private Document stored(String stepId, String type, List<String> inputTypes, ApprovalState state) {
        Document document = document(stepId, type, 1, inputTypes, state);
        latest.put(type, document);
        done.add(document.stepKey());
        return document;
    }

    private Document document(String stepId, String type, int version, List<String> inputTypes, ApprovalState state) {
        List<UUID> inputs = inputTypes.stream().map(t -> latest.get(t).id()).toList();
        return new Document(UUID.randomUUID(), project, type, version, stepId,
                StepKeys.of(project, stepId, inputs, version == 1 ? null : UUID.randomUUID()), null, inputs, "role",
                "offline", "m", JsonNodeFactory.instance.objectNode(), 1, 1, 1, state,
                state == ApprovalState.REJECTED ? "alice" : null, null,
                state == ApprovalState.REJECTED ? "too vague" : null, null);
    }
}
