package dev.vibecoder.workflow;

import dev.vibecoder.cost.Budget;
import java.util.List;

/**
 * A workflow as configured in {@code config/workflows/<id>.yaml}: the steps in order. A step runs as
 * soon as its inputs exist for the current versions of their own inputs (and are usable: approved
 * where a checkpoint asks for it, passed where the hub checked them), so independent steps run in
 * parallel.
 */
public record WorkflowDefinition(String id, String description, String revisionStep, List<Step> steps, Budget budget) {

    public WorkflowDefinition(String id, String description, String revisionStep, List<Step> steps) {
        this(id, description, revisionStep, steps, null);
    }

    /**
     * The step a revision request (a review of the finished project) goes back to: its newest document
     * is rejected with the request as feedback, and everything built on it is redone. The
     * {@code revision-step} of the file, else the first step.
     */
    public Step revisionStepOrFirst() {
        return revisionStep == null ? steps.get(0) : step(revisionStep);
    }

    /**
     * @param role       the role that writes the step's document, or null for a hub step
     * @param runner     the hub step ({@link Runner}) that produces the document, or null for a role
     * @param inputs     document types the step reads; a fan-out type (code) means all its subjects
     * @param after      document types that must be usable before the step runs, without being read
     * @param revisions  document types produced later (by fix loops) whose newer versions re-run the step
     * @param fanOut     "tasks": one work order per task of the task breakdown, in dependency waves
     * @param concurrency with fan-out: how many tasks of a wave may be in flight at once
     * @param fix        for hub steps whose result can fail: the role that repairs it, and how often
     * @param checkpoint whether a human must approve the step's document before later steps use it
     * @param approval   for a step whose document can wait for a human (a checkpoint, or a fix loop's
     *                   last failure): how long it may wait and what happens then, where it differs from
     *                   {@code vibecoder.approvals}
     */
    public record Step(String id, String role, String runner, List<String> inputs, List<String> after,
            List<String> revisions, String fanOut, Integer concurrency, FixLoop fix, Boolean checkpoint,
            ApprovalTimeout approval) {

        public List<String> inputs() {
            return inputs == null ? List.of() : inputs;
        }

        public List<String> after() {
            return after == null ? List.of() : after;
        }

        public List<String> revisions() {
            return revisions == null ? List.of() : revisions;
        }

        public boolean needsApproval() {
            return Boolean.TRUE.equals(checkpoint);
        }

        public boolean fansOutTasks() {
            return "tasks".equals(fanOut);
        }

        public int concurrencyLimit() {
            return concurrency == null ? 2 : concurrency;
        }
    }

    /**
     * A step's own checkpoint timeout; either field may be left out for the global setting.
     *
     * @param timeout   how long a document may wait for a decision: {@code 4h}, {@code 30m}, {@code PT4H}
     * @param onTimeout {@code remind}, {@code approve} or {@code reject}
     */
    public record ApprovalTimeout(String timeout, String onTimeout) {
    }

    /** A repair loop: the role that writes fixes and the most attempts before a human decides. */
    public record FixLoop(String role, Integer maxAttempts) {
        public int attempts() {
            return maxAttempts == null ? 3 : maxAttempts;
        }
    }

    public Step step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("workflow " + id + " has no step '" + stepId + "'"));
    }
}
