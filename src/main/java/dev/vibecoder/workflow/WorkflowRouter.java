package dev.vibecoder.workflow;

import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.engineering.TaskGraph;
import dev.vibecoder.engineering.TaskWaves;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides what happens after each event of a project: which steps are now ready, whether the
 * project waits for a human, and whether it is complete ({@link WorkflowPlanner}). The decision is
 * recomputed from the stored documents every time, so a duplicate or late event cannot derail a
 * project: at worst it finds nothing new to do.
 */
@Component("workflowRouter")
public class WorkflowRouter {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRouter.class);

    /**
     * The router route publishes {@code workOrders} and the {@code events} (a document now waiting for a
     * human: {@code <type>.awaiting}); a change of the project's status announces itself
     * ({@link ProjectStore#moveTo}).
     */
    public record Decision(UUID projectId, List<WorkOrder> workOrders, List<FlowEvent> events) {
        static Decision nothing(UUID projectId) {
            return new Decision(projectId, List.of(), List.of());
        }
    }

    private final WorkflowCatalog workflows;
    private final DocumentStore documents;
    private final ProjectStore projects;
    private final TaskWaves taskWaves;

    public WorkflowRouter(WorkflowCatalog workflows, DocumentStore documents, ProjectStore projects,
            TaskWaves taskWaves) {
        this.workflows = workflows;
        this.documents = documents;
        this.projects = projects;
        this.taskWaves = taskWaves;
    }

    /** project.created: dispatch the steps that need nothing but the idea. */
    public Decision start(FlowEvent event) {
        return decide(event.projectId());
    }

    /**
     * {@code <type>.created}: a step finished; if its document needs a decision, the project waits and
     * {@code <type>.awaiting} tells whoever asks humans (Slack).
     */
    public Decision afterDocument(FlowEvent event) {
        Decision decision = decide(event.projectId());
        if (event.documentId() != null
                && documents.head(event.documentId()).approvalState() == Document.ApprovalState.PENDING) {
            List<FlowEvent> events = new ArrayList<>(decision.events());
            events.add(FlowEvent.document(event.projectId(), event.subject(), "awaiting", event.documentId(),
                    event.version(), event.stepId()));
            return new Decision(decision.projectId(), decision.workOrders(), events);
        }
        return decision;
    }

    /** {@code wave.joined}: every task of a wave has its code; the next wave may start. */
    public Decision afterWave(FlowEvent event) {
        return decide(event.projectId());
    }

    /** {@code <type>.approved} or {@code <type>.rejected}: a human decided; a rejection re-runs the step with the feedback. */
    public Decision afterDecision(FlowEvent event) {
        projects.moveTo(event.projectId(), Project.Status.RUNNING, null);
        return decide(event.projectId());
    }

    Decision decide(UUID projectId) {
        Optional<Project> found = projects.get(projectId);
        if (found.isEmpty()) {
            LOG.warn("event for unknown project {} ignored", projectId);
            return Decision.nothing(projectId);
        }
        Project project = found.get();
        if (project.status().finished()) {
            return Decision.nothing(projectId);
        }
        WorkflowDefinition workflow = workflows.get(project.workflow());
        WorkflowPlanner.Plan plan = WorkflowPlanner.plan(workflow, workflows::produces, state(projectId, workflow));

        if (plan.complete()) {
            projects.moveTo(projectId, Project.Status.COMPLETED, null);
            return Decision.nothing(projectId);
        }
        List<FlowEvent> events = new ArrayList<>();
        for (Document failed : plan.decisions()) {
            if (documents.requestDecision(failed.id())) {
                projects.event(projectId, "decision.requested", failed.stepId(), WorkflowPlanner.label(failed)
                        + " failed and its fix attempts are used up: approve it as it is, or reject it with advice");
                events.add(FlowEvent.document(projectId, failed.docType(), "awaiting", failed.id(), failed.version(),
                        failed.stepId()));
            }
        }
        List<WorkOrder> orders = new ArrayList<>();
        for (WorkflowPlanner.ReadyStep ready : plan.ready()) {
            // a step already queued (running, or waiting in its queue) is not sent twice
            if (projects.queueStep(ready.stepKey(), projectId, ready.stepId(), ready.subject(),
                    ready.role() != null ? ready.role() : "hub:" + ready.runner())) {
                orders.add(new WorkOrder(projectId, workflow.id(), ready.stepId(), ready.subject(), ready.role(),
                        ready.runner(), ready.stepKey(), ready.inputIds(), ready.feedback(), ready.approvalRequired()));
            }
        }
        if (!plan.ready().isEmpty() && project.status() != Project.Status.WAITING_FOR_BUDGET) {
            // (a project at its budget checkpoint keeps waiting there: its held steps go on only when raised)
            projects.moveTo(projectId, Project.Status.RUNNING, null);
        } else if (!plan.waiting().isEmpty() && projects.activeStepKeys(projectId).isEmpty()) {
            projects.moveTo(projectId, Project.Status.AWAITING_APPROVAL,
                    "waiting for a decision on " + String.join(", ", plan.waiting()));
        }
        return new Decision(projectId, orders, events);
    }

    /** What the planner needs to know of a project, read once per decision. */
    private WorkflowPlanner.State state(UUID projectId, WorkflowDefinition workflow) {
        Map<String, Map<String, Document>> latest = new HashMap<>();
        for (Document head : documents.latestHeadsOfEachType(projectId)) {
            latest.computeIfAbsent(head.docType(), t -> new HashMap<>()).put(head.subject(), head);
        }
        TaskGraph graph = null;
        Set<Integer> joined = Set.of();
        Document breakdown = latest.getOrDefault("task-breakdown", Map.of()).get("");
        if (breakdown != null && workflow.steps().stream().anyMatch(WorkflowDefinition.Step::fansOutTasks)) {
            graph = taskWaves.graph(projectId, breakdown.id());
            joined = taskWaves.joinedWaves(breakdown.id());
        }
        return new WorkflowPlanner.State(projectId, latest, documents.stepKeys(projectId),
                projects.activeStepKeys(projectId), documents.countByStep(projectId, "fix"), graph, joined);
    }
}
