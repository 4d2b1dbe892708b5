package dev.vibecoder.workflow;

import dev.vibecoder.document.Document;
import dev.vibecoder.engineering.TaskGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The routing decision, without I/O. Steps are taken in workflow order; a step's document is
 * <em>available</em> to later steps only when the step is done for the current versions of its own
 * inputs and the document is usable, so nothing is built on a stale or failed document. For each
 * step the planner decides whether it is done, ready (and with which inputs), waiting for a human,
 * or waiting for something upstream.
 */
final class WorkflowPlanner {

    private WorkflowPlanner() {
    }

    /**
     * What the planner knows of a project.
     *
     * @param latest       the newest version of each document type, by subject ("" for one-per-project types)
     * @param doneKeys     step keys that have a document
     * @param activeKeys   step keys queued or running
     * @param fixesByLoop  fix documents written so far, by loop ({@code <step>.fix})
     * @param taskGraph    the graph of the newest task breakdown, or null
     * @param joinedWaves  the waves of that breakdown whose join has completed
     */
    record State(UUID projectId, Map<String, Map<String, Document>> latest, Set<String> doneKeys,
            Set<String> activeKeys, Map<String, Integer> fixesByLoop, TaskGraph taskGraph, Set<Integer> joinedWaves) {

        Document latest(String type, String subject) {
            return latest.getOrDefault(type, Map.of()).get(subject);
        }
    }

    /** A unit of work to dispatch. {@code role} or {@code runner} does it. */
    record ReadyStep(String stepId, String subject, String role, String runner, String stepKey, List<UUID> inputIds,
            String feedback, boolean approvalRequired) {

        String label() {
            return subject.isEmpty() ? stepId : stepId + "[" + subject + "]";
        }
    }

    /**
     * @param waiting   documents waiting for a human ("prd v1")
     * @param decisions failed documents to put before a human (their fix loop is exhausted)
     * @param complete  every step is done for its current inputs
     */
    record Plan(List<ReadyStep> ready, List<String> waiting, List<Document> decisions, boolean complete) {
    }

    static Plan plan(WorkflowDefinition workflow, Function<WorkflowDefinition.Step, String> produces, State state) {
        return new Pass(workflow, produces, state).run();
    }

    /** One planning pass over the workflow's steps. */
    private static final class Pass {
        private final WorkflowDefinition workflow;
        private final Function<WorkflowDefinition.Step, String> produces;
        private final State state;
        private final Map<String, List<Document>> available = new HashMap<>();
        private final List<ReadyStep> ready = new ArrayList<>();
        private final List<String> waiting = new ArrayList<>();
        private final List<Document> decisions = new ArrayList<>();
        private boolean complete = true;

        Pass(WorkflowDefinition workflow, Function<WorkflowDefinition.Step, String> produces, State state) {
            this.workflow = workflow;
            this.produces = produces;
            this.state = state;
        }

        Plan run() {
            for (WorkflowDefinition.Step step : workflow.steps()) {
                List<Document> inputs = resolve(step.inputs());
                if (inputs == null || resolve(step.after()) == null) {
                    complete = false;
                    continue;
                }
                List<UUID> inputIds = new ArrayList<>(inputs.stream().map(Document::id).toList());
                for (String revision : step.revisions()) {
                    Document latestRevision = state.latest(revision, "");
                    if (latestRevision != null) {
                        inputIds.add(latestRevision.id());
                    }
                }
                String type = produces.apply(step);
                if (step.fansOutTasks()) {
                    fanOut(step, type, inputs, inputIds);
                } else if (step.runner() != null) {
                    runner(step, type, inputs, inputIds);
                } else {
                    role(step, type, inputIds);
                }
            }
            return new Plan(ready, waiting, decisions, complete);
        }

        /** The available documents of these types, or null when one is not available yet. */
        private List<Document> resolve(List<String> types) {
            List<Document> documents = new ArrayList<>();
            for (String type : types) {
                List<Document> docs = available.get(type);
                if (docs == null) {
                    return null;
                }
                documents.addAll(docs);
            }
            return documents;
        }

        private void role(WorkflowDefinition.Step step, String type, List<UUID> inputIds) {
            Document output = state.latest(type, "");
            boolean rejected = output != null && output.approvalState() == Document.ApprovalState.REJECTED;
            String key = StepKeys.of(state.projectId(), step.id(), inputIds, rejected ? output.id() : null);
            if (!state.doneKeys().contains(key)) {
                complete = false;
                dispatch(new ReadyStep(step.id(), "", step.role(), null, key, inputIds,
                        rejected ? feedback(output) : null, step.needsApproval()));
            } else if (output.usable()) {
                available.put(type, List.of(output));
            } else {
                complete = false;
                waiting.add(label(output));
            }
        }

        /**
         * One work order per task, wave by wave: a wave starts only once every earlier wave has been
         * joined (the wave-join route found all its tasks with their code), and at most
         * {@code concurrency} of its tasks are in flight at once.
         */
        private void fanOut(WorkflowDefinition.Step step, String type, List<Document> inputs, List<UUID> inputIds) {
            TaskGraph graph = state.taskGraph();
            if (graph == null) {
                complete = false;
                return;
            }
            List<List<TaskGraph.Task>> waves = graph.waves();
            Map<String, Document> done = new HashMap<>();
            Map<String, String> keys = new HashMap<>();
            Map<String, List<UUID>> taskInputs = new HashMap<>();
            for (List<TaskGraph.Task> wave : waves) {
                for (TaskGraph.Task task : wave) {
                    List<UUID> ids = new ArrayList<>(inputIds);
                    boolean dependenciesDone = true;
                    for (String dependency : task.dependsOn()) {
                        Document code = done.get(dependency);
                        if (code == null) {
                            dependenciesDone = false;
                        } else {
                            ids.add(code.id());
                        }
                    }
                    if (!dependenciesDone) {
                        continue;
                    }
                    String key = StepKeys.of(state.projectId(), step.id() + "/" + task.id(), ids, null);
                    keys.put(task.id(), key);
                    taskInputs.put(task.id(), ids);
                    Document code = state.latest(type, task.id());
                    if (state.doneKeys().contains(key) && code != null && code.usable()) {
                        done.put(task.id(), code);
                    }
                }
            }
            if (done.size() == graph.taskIds().size()) {
                if (state.joinedWaves().size() >= waves.size()) {
                    available.put(type, graph.taskIds().stream().map(done::get).toList());
                } else {
                    complete = false; // every task has its code; the last join is on its way
                }
                return;
            }
            complete = false;
            int current = 0;
            while (waves.get(current).stream().allMatch(t -> done.containsKey(t.id()))) {
                current++;
            }
            for (int earlier = 0; earlier < current; earlier++) {
                if (!state.joinedWaves().contains(earlier)) {
                    return; // the barrier: wave `earlier` is not joined yet
                }
            }
            long inFlight = keys.values().stream().filter(state.activeKeys()::contains).count();
            long capacity = step.concurrencyLimit() - inFlight;
            for (TaskGraph.Task task : waves.get(current)) {
                String key = keys.get(task.id());
                if (capacity <= 0) {
                    break;
                }
                if (!done.containsKey(task.id()) && !state.activeKeys().contains(key)) {
                    dispatch(new ReadyStep(step.id(), task.id(), step.role(), null, key, taskInputs.get(task.id()),
                            null, false));
                    capacity--;
                }
            }
        }

        /**
         * A hub step: run it for the current inputs; a failed result goes to the fix loop, which
         * writes a fix that makes the workspace assemble again; when the loop's attempts are used
         * up, a human decides (approve the result as it is, or reject it with advice for one more
         * fix).
         */
        private void runner(WorkflowDefinition.Step step, String type, List<Document> inputs, List<UUID> inputIds) {
            String key = StepKeys.of(state.projectId(), step.id(), inputIds, null);
            if (!state.doneKeys().contains(key)) {
                complete = false;
                dispatch(new ReadyStep(step.id(), "", null, step.runner(), key, inputIds, null, false));
                return;
            }
            Document output = state.latest(type, "");
            if (output.usable()) {
                available.put(type, List.of(output));
                return;
            }
            complete = false;
            if (output.approvalState() == Document.ApprovalState.PENDING) {
                waiting.add(label(output));
                return;
            }
            if (step.fix() == null) {
                decide(output);
                return;
            }
            String loop = step.id() + ".fix";
            boolean rejected = output.approvalState() == Document.ApprovalState.REJECTED;
            List<UUID> fixInputs = new ArrayList<>(inputs.stream().map(Document::id).toList());
            fixInputs.add(output.id());
            String fixKey = StepKeys.of(state.projectId(), loop, fixInputs, rejected ? output.id() : null);
            if (state.doneKeys().contains(fixKey) || state.activeKeys().contains(fixKey)) {
                return; // a fix is on its way, or written and about to be assembled
            }
            if (rejected || state.fixesByLoop().getOrDefault(loop, 0) < step.fix().attempts()) {
                dispatch(new ReadyStep(loop, "", step.fix().role(), null, fixKey, fixInputs,
                        rejected ? feedback(output) : null, false));
            } else {
                decide(output);
            }
        }

        private void decide(Document failed) {
            decisions.add(failed);
            waiting.add(label(failed));
        }

        private void dispatch(ReadyStep step) {
            if (!state.activeKeys().contains(step.stepKey())) {
                ready.add(step);
            }
        }
    }

    static String label(Document document) {
        return document.docType() + (document.subject().isEmpty() ? "" : "[" + document.subject() + "]") + " v"
                + document.version();
    }

    private static String feedback(Document rejected) {
        String comment = rejected.approvalComment();
        return "Version " + rejected.version() + " was rejected by " + rejected.approvedBy()
                + (comment == null || comment.isBlank() ? "." : ": " + comment);
    }
}
