package dev.vibecoder.workflow;

import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.BudgetSettings;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.project.ProjectTemplates;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.support.VisibleText;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a request to start a project into a stored project. Every entrance (REST, CLI, later
 * GitHub) goes through here, so they all check ideas the same way.
 */
@Component("projectIntake")
public class ProjectIntake {

    /**
     * What to start: the idea, and optionally the workflow, template and budget (null = defaults).
     * {@code budgetSource} says where the budget came from once {@link #normalise} resolved it.
     */
    public record StartProject(String idea, String workflow, String template, String source, Budget budget,
            String budgetSource, String requestedBy) {

        public StartProject(String idea, String workflow, String template, String source) {
            this(idea, workflow, template, source, null, null, null);
        }

        /** A start by an identity (the REST API's caller), with the budget it asks for (null: the defaults). */
        public StartProject(String idea, String workflow, String template, String source, Budget budget,
                String requestedBy) {
            this(idea, workflow, template, source, budget, null, requestedBy);
        }
    }

    private final ProjectStore projects;
    private final WorkflowCatalog workflows;
    private final ProjectTemplates templates;
    private final ProjectBudgets budgets;
    private final BudgetSettings budgetSettings;
    private final int maxIdeaLength;

    public ProjectIntake(ProjectStore projects, WorkflowCatalog workflows, ProjectTemplates templates,
            ProjectBudgets budgets, BudgetSettings budgetSettings,
            @Value("${vibecoder.intake.max-idea-length:20000}") int maxIdeaLength) {
        this.projects = projects;
        this.budgets = budgets;
        this.budgetSettings = budgetSettings;
        this.workflows = workflows;
        this.templates = templates;
        this.maxIdeaLength = maxIdeaLength;
    }

    /** The most characters an idea may have ({@code vibecoder.intake.max-idea-length}). */
    public int maxIdeaLength() {
        return maxIdeaLength;
    }

    /** Checks and cleans a request; the template's workflow applies when none is given. */
    public StartProject normalise(StartProject request) {
        if (request == null) {
            throw new InvalidInput("body", "a JSON object with an 'idea' is required");
        }
        String idea = VisibleText.of(request.idea());
        if (idea.isEmpty()) {
            throw new InvalidInput("idea", "must not be empty");
        }
        if (idea.length() > maxIdeaLength) {
            throw new InvalidInput("idea", "must be at most " + maxIdeaLength + " characters, was "
                    + idea.length());
        }
        String template = blankToNull(request.template());
        if (template != null && !templates.exists(template)) {
            throw new InvalidInput("template", "unknown template '" + template + "'; known: " + templates.ids());
        }
        String workflow = blankToNull(request.workflow());
        if (workflow == null) {
            workflow = template != null ? templates.get(template).workflow() : workflows.defaultWorkflow();
        }
        if (!workflows.exists(workflow)) {
            throw new InvalidInput("workflow", "unknown workflow '" + workflow + "'; known: " + workflows.ids());
        }
        Budget templateBudget = template != null ? templates.get(template).budget() : null;
        Budget workflowBudget = workflows.get(workflow).budget();
        String budgetSource;
        Budget budget;
        if (request.budget() != null && request.budget().limited()) {
            budget = request.budget();
            budgetSource = "request";
        } else if (templateBudget != null && templateBudget.limited()) {
            budget = templateBudget;
            budgetSource = "template " + template;
        } else if (workflowBudget != null && workflowBudget.limited()) {
            budget = workflowBudget;
            budgetSource = "workflow " + workflow;
        } else {
            budget = budgetSettings.defaults();
            budgetSource = "config";
        }
        return new StartProject(idea, workflow, template, request.source() == null ? "api" : request.source(), budget,
                budgetSource, request.requestedBy());
    }

    /** Stores the project and its budget (the route's transaction holds both). */
    public Project register(StartProject request) {
        Project project = projects.create(UUID.randomUUID(), request.idea(), request.workflow(), request.template(),
                request.source(), request.requestedBy());
        if (request.budget() != null) {
            budgets.assign(project.id(), request.budget(), request.budgetSource());
        }
        return project;
    }

    public FlowEvent created(Project project) {
        return FlowEvent.project(project.id(), "created");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
