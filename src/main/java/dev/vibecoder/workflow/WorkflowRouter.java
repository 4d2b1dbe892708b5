package dev.vibecoder.workflow;

import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides what happens after each event of a project: which workflow steps are now ready (all their
 * inputs exist and are usable, and no document exists for exactly these inputs), whether the project
 * waits for a human, and whether it is complete. The decision is recomputed from the stored
 * documents every time, so a duplicate or late event cannot derail a project: at worst it finds
 * nothing new to do.
 */
@Component("workflowRouter")
public class WorkflowRouter {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRouter.class);

    /** The router route publishes {@code workOrders} and, when {@code completed}, a project.completed event. */
    public record Decision(UUID projectId, List<WorkOrder> workOrders, boolean completed) {
        static Decision nothing(UUID projectId) {
            return new Decision(projectId, List.of(), false);
        }

        public FlowEvent completedEvent() {
            return FlowEvent.project(projectId, "completed");
        }
    }

    private final WorkflowCatalog workflows;
    private final RoleCatalog roles;
    private final DocumentStore documents;
    private final ProjectStore projects;

    public WorkflowRouter(WorkflowCatalog workflows, RoleCatalog roles, DocumentStore documents,
            ProjectStore projects) {
        this.workflows = workflows;
        this.roles = roles;
        this.documents = documents;
        this.projects = projects;
    }

    /** project.created: dispatch the steps that need nothing but the idea. */
    public Decision start(FlowEvent event) {
        return decide(event.projectId());
    }

    /** {@code <type>.created}: a step finished; if its document needs approval, the project waits. */
    public Decision afterDocument(FlowEvent event) {
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
        Map<String, Document> latest = documents.latestHeadsOfEachType(projectId).stream()
                .collect(Collectors.toMap(Document::docType, Function.identity()));
        WorkflowPlanner.Plan plan = WorkflowPlanner.plan(projectId, workflow, role -> roles.get(role).produces(),
                latest, documents.stepKeys(projectId));

        if (plan.complete()) {
            boolean completed = projects.moveTo(projectId, Project.Status.COMPLETED, null);
            return new Decision(projectId, List.of(), completed);
        }
        List<WorkOrder> orders = new ArrayList<>();
        for (WorkflowPlanner.ReadyStep ready : plan.ready()) {
            WorkflowDefinition.Step step = ready.step();
            // a step already queued (running, or waiting in its queue) is not sent twice
            if (projects.queueStep(ready.stepKey(), projectId, step.id(), step.role())) {
                orders.add(new WorkOrder(projectId, workflow.id(), step.id(), step.role(), ready.stepKey(),
                        ready.inputIds(), ready.feedback(), step.needsApproval()));
            }
        }
        if (!orders.isEmpty()) {
            projects.moveTo(projectId, Project.Status.RUNNING, null);
        } else if (plan.ready().isEmpty() && !plan.waiting().isEmpty()) {
            projects.moveTo(projectId, Project.Status.AWAITING_APPROVAL,
                    "waiting for approval of " + String.join(", ", plan.waiting()));
        }
        return new Decision(projectId, orders, false);
    }
}
