package dev.vibecoder.workflow;

import java.util.List;

/**
 * A workflow as configured in {@code config/workflows/<id>.yaml}: the steps in order, each run by
 * a role from the documents named as its inputs. A step runs as soon as all its inputs exist (and
 * are approved where a checkpoint asks for it), so independent steps run in parallel.
 */
public record WorkflowDefinition(String id, String description, List<Step> steps) {

    /**
     * @param inputs     document types this step's role reads
     * @param checkpoint whether a human must approve the step's document before later steps use it
     */
    public record Step(String id, String role, List<String> inputs, Boolean checkpoint) {

        public List<String> inputs() {
            return inputs == null ? List.of() : inputs;
        }

        public boolean needsApproval() {
            return Boolean.TRUE.equals(checkpoint);
        }
    }

    public Step step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("workflow " + id + " has no step '" + stepId + "'"));
    }
}
