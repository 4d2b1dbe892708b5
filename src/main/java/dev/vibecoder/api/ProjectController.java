package dev.vibecoder.api;

import dev.vibecoder.api.ProjectViews.EventView;
import dev.vibecoder.api.ProjectViews.ProjectDetail;
import dev.vibecoder.api.ProjectViews.ProjectSummary;
import dev.vibecoder.api.ProjectViews.StartProjectRequest;
import dev.vibecoder.access.AccessRole;
import dev.vibecoder.access.AuditLog;
import dev.vibecoder.access.Caller;
import dev.vibecoder.access.StartLimits;
import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.workflow.BudgetCheckpoint;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.workflow.ProjectIntake;
import dev.vibecoder.workflow.ProjectIntake.StartProject;
import dev.vibecoder.workflow.Revisions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Start projects and follow them. */
@RestController
@RequestMapping("/api/projects")
@Tag(name = "Projects")
public class ProjectController {

    private final ProducerTemplate camel;
    private final ProjectStore projects;
    private final DocumentStore documents;
    private final CostLedger costs;
    private final ProjectBudgets budgets;
    private final BudgetCheckpoint budgetCheckpoint;
    private final StartLimits startLimits;
    private final ProjectIntake intake;
    private final AuditLog audit;

    public ProjectController(ProducerTemplate camel, ProjectStore projects, DocumentStore documents, CostLedger costs,
            ProjectBudgets budgets, BudgetCheckpoint budgetCheckpoint, StartLimits startLimits, AuditLog audit,
            ProjectIntake intake) {
        this.intake = intake;
        this.startLimits = startLimits;
        this.audit = audit;
        this.camel = camel;
        this.budgets = budgets;
        this.budgetCheckpoint = budgetCheckpoint;
        this.projects = projects;
        this.documents = documents;
        this.costs = costs;
    }

    @PostMapping
    @Operation(summary = "Start a project from an idea",
            description = "Stores the project and starts its workflow. 400 names the field at fault; 503 means the "
                    + "broker did not accept the start (nothing was stored).")
    public ResponseEntity<ProjectDetail> start(@RequestBody StartProjectRequest request, HttpServletRequest http) {
        String caller = Caller.name();
        StartProject command = new StartProject(request.idea(), request.workflow(), request.template(), "api",
                request.budget() == null ? null : new Budget(request.budget().usd(), request.budget().tokens()), caller);
        // a request the intake refuses (400) costs no start
        intake.normalise(command);
        startLimits.take(caller);
        Project project = CamelCalls.unwrap(() -> camel.requestBody("direct:start-project", command, Project.class));
        audit.record(caller, "project.started", project.id().toString(), "workflow " + project.workflow(),
                Caller.source(http));
        return ResponseEntity.created(URI.create("/api/projects/" + project.id())).body(detail(project));
    }

    /** A review of a finished project. */
    public record RevisionRequest(String feedback, String by) {
    }

    @PostMapping("/{id}/revisions")
    @Operation(summary = "Ask for a revision of a completed project",
            description = "The workflow's revision step (by default its first) gets the feedback and writes a new "
                    + "version; every step built on it is redone. 202 when the project runs again; 400 names the "
                    + "field at fault; 409 when the project is not completed.")
    public ResponseEntity<Void> revise(@PathVariable UUID id, @RequestBody RevisionRequest request,
            HttpServletRequest http) {
        if (projects.get(id).isEmpty()) {
            throw new NotFoundException("no project " + id);
        }
        String caller = Caller.name();
        if (!Caller.has(AccessRole.APPROVER) && !projects.requestedBy(id).map(caller::equals).orElse(false)) {
            throw new NotYours("a requester may ask for revisions of the projects it started; " + id + " is not "
                    + caller + "'s");
        }
        CamelCalls.unwrap(() -> camel.requestBody("direct:revise", new Revisions.Revision(id, request.feedback(), caller)));
        audit.record(caller, "project.revision", id.toString(), request.feedback(), Caller.source(http));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/budget")
    @Operation(summary = "Raise a project's budget, or reject it at the budget checkpoint",
            description = "raise sets new limits (usd, tokens or both; each must exceed what was spent) and sends the "
                    + "steps held at the budget checkpoint again; reject ends a project waiting there. 200 with the "
                    + "project; 400 names the field at fault; 409 when the project has ended, or is not waiting "
                    + "for a budget decision (reject).")
    public ProjectDetail budget(@PathVariable UUID id, @RequestBody ProjectViews.BudgetDecisionRequest request,
            HttpServletRequest http) {
        find(id);
        String caller = Caller.name();
        CamelCalls.unwrap(() -> camel.requestBody("direct:budget-decision", new BudgetCheckpoint.Decision(id,
                request.decision(), request.usd(), request.tokens(), caller, request.comment())));
        audit.record(caller, "budget." + request.decision(), id.toString(), "usd " + request.usd() + ", tokens "
                + request.tokens() + (request.comment() == null ? "" : ": " + request.comment()), Caller.source(http));
        return detail(find(id));
    }

    @GetMapping
    @Operation(summary = "List projects, newest first, with their current stage")
    public List<ProjectSummary> list(@RequestParam(required = false) Project.Status status,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInput("limit", "must be between 1 and 500");
        }
        if (offset < 0) {
            throw new InvalidInput("offset", "must not be negative");
        }
        List<Project> page = projects.list(status, limit, offset);
        Map<UUID, List<String>> active = projects.activeSteps(page.stream().map(Project::id).toList());
        return page.stream().map(p -> new ProjectSummary(p.id(), abbreviate(p.idea()), p.workflow(), p.template(),
                p.status(), stage(p, active.get(p.id())), p.createdAt(), p.updatedAt(), "/api/projects/" + p.id()))
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A project with its steps, latest documents and token usage")
    public ProjectDetail get(@PathVariable UUID id) {
        return detail(find(id));
    }

    @GetMapping("/{id}/events")
    @Operation(summary = "The project's timeline after a given event id (poll it to follow progress)")
    public List<EventView> events(@PathVariable UUID id, @RequestParam(defaultValue = "0") long after) {
        find(id);
        return projects.events(id, after).stream().map(EventView::of).toList();
    }

    private ProjectDetail detail(Project p) {
        List<String> active = projects.activeSteps(List.of(p.id())).get(p.id());
        CostLedger.Usage total = costs.total(p.id());
        return new ProjectDetail(p.id(), p.idea(), p.workflow(), p.template(), p.source(), p.status(),
                stage(p, active), p.statusReason(), p.createdAt(), p.updatedAt(), p.completedAt(),
                projects.steps(p.id()).stream().map(ProjectViews.StepView::of).toList(),
                documents.latestHeadsOfEachType(p.id()).stream().map(ProjectViews.DocumentSummary::of).toList(),
                ProjectViews.Usage.of(total, costs.byRole(p.id()), costs.byModel(p.id())),
                ProjectViews.BudgetView.of(budgets.limits(p.id()), total, budgetCheckpoint.heldReasons(p.id())),
                "/api/projects/" + p.id() + "/events");
    }

    private Project find(UUID id) {
        return projects.get(id).orElseThrow(() -> new NotFoundException("no project " + id));
    }

    static String stage(Project p, List<String> activeSteps) {
        return switch (p.status()) {
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case AWAITING_APPROVAL, WAITING_FOR_MODEL, WAITING_FOR_BUDGET -> p.statusReason();
            case RUNNING -> activeSteps == null || activeSteps.isEmpty() ? "starting" : String.join(", ", activeSteps);
        };
    }

    private static String abbreviate(String idea) {
        return idea.length() <= 200 ? idea : idea.substring(0, 199) + "…";
    }
}
