package dev.vibecoder.workflow;

import dev.vibecoder.document.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The routing decision, without I/O: given a workflow, the newest document of each type and the
 * step keys already done, which steps run now, which documents wait for a human, and whether the
 * workflow is complete.
 */
final class WorkflowPlanner {

    private WorkflowPlanner() {
    }

    /** A step to dispatch, with the exact inputs and (after a rejection) the reviewer's feedback. */
    record ReadyStep(WorkflowDefinition.Step step, String stepKey, List<UUID> inputIds, String feedback) {
    }

    /**
     * @param ready    steps whose inputs are all usable and that have no document for these inputs
     * @param waiting  documents ("prd v1") produced for current inputs but waiting for approval
     * @param complete every step has a usable document for its current inputs
     */
    record Plan(List<ReadyStep> ready, List<String> waiting, boolean complete) {
    }

    static Plan plan(UUID projectId, WorkflowDefinition workflow, Function<String, String> producedType,
            Map<String, Document> latestByType, Set<String> doneKeys) {
        List<ReadyStep> ready = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        boolean complete = true;
        for (WorkflowDefinition.Step step : workflow.steps()) {
            List<Document> inputs = step.inputs().stream().map(latestByType::get).toList();
            if (inputs.stream().anyMatch(d -> d == null || !d.approvalState().usable())) {
                complete = false;
                continue;
            }
            List<UUID> inputIds = inputs.stream().map(Document::id).toList();
            Document output = latestByType.get(producedType.apply(step.role()));
            boolean rejected = output != null && output.approvalState() == Document.ApprovalState.REJECTED;
            String stepKey = StepKeys.of(projectId, step.id(), inputIds, rejected ? output.id() : null);
            if (doneKeys.contains(stepKey)) {
                if (output.approvalState() == Document.ApprovalState.PENDING) {
                    waiting.add(output.docType() + " v" + output.version());
                    complete = false;
                }
                continue;
            }
            complete = false;
            ready.add(new ReadyStep(step, stepKey, inputIds, rejected ? feedback(output) : null));
        }
        return new Plan(ready, waiting, complete);
    }

    private static String feedback(Document rejected) {
        String comment = rejected.approvalComment();
        return "Version " + rejected.version() + " was rejected by " + rejected.approvedBy()
                + (comment == null || comment.isBlank() ? "." : ": " + comment);
    }
}
