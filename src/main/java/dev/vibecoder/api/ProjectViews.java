package dev.vibecoder.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.document.Document;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.project.StepRun;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the REST API returns. */
public final class ProjectViews {

    private ProjectViews() {
    }

    @Schema(description = "A request to turn an idea into a project")
    public record StartProjectRequest(
            @Schema(description = "The idea, in plain words", example = "A command-line todo list manager that stores tasks in a JSON file", requiredMode = Schema.RequiredMode.REQUIRED)
            String idea,
            @Schema(description = "Workflow id (config/workflows); default: the configured default workflow", example = "software-company")
            String workflow,
            @Schema(description = "Project template id (config/templates)", example = "python-cli")
            String template,
            @Schema(description = "What the project may spend on model calls; default: its template's, else its "
                    + "workflow's, else vibecoder.budgets") BudgetLimits budget) {
    }

    @Schema(description = "Limits of a budget: US dollars, tokens (input and output), or both")
    public record BudgetLimits(@Schema(example = "2.50") BigDecimal usd, @Schema(example = "400000") Long tokens) {
    }

    @Schema(description = "A decision at a project's budget checkpoint, or a raise at any time before it ends")
    public record BudgetDecisionRequest(
            @Schema(allowableValues = {"raise", "reject"}, requiredMode = Schema.RequiredMode.REQUIRED) String decision,
            @Schema(description = "New limit in US dollars (raise)") BigDecimal usd,
            @Schema(description = "New limit in tokens (raise)") Long tokens,
            @Schema(description = "Ignored: the decision is recorded under the caller's identity (its token)",
                    deprecated = true) String by,
            @Schema(description = "Why; required for a rejection") String comment) {
    }

    @Schema(description = "A project's budget: its limits (null: none), what answered calls spent, what is left, "
            + "and, while the project waits at its budget checkpoint, why each held step stopped")
    public record BudgetView(BigDecimal usd, Long tokens, String source, String updatedBy, BigDecimal spentUsd,
            long spentTokens, BigDecimal leftUsd, Long leftTokens, List<String> waiting) {

        static BudgetView of(Optional<ProjectBudgets.Limits> limits, CostLedger.Usage spent, List<String> waiting) {
            Budget budget = limits.map(ProjectBudgets.Limits::budget).orElse(Budget.NONE);
            long tokens = spent.inputTokens() + spent.outputTokens();
            return new BudgetView(budget.usd(), budget.tokens(), limits.map(ProjectBudgets.Limits::source).orElse(null),
                    limits.map(ProjectBudgets.Limits::updatedBy).orElse(null), spent.cost(), tokens,
                    budget.usd() == null ? null : budget.usd().subtract(spent.cost()).max(BigDecimal.ZERO),
                    budget.tokens() == null ? null : Math.max(0, budget.tokens() - tokens), waiting);
        }
    }

    @Schema(description = "A project in a list")
    public record ProjectSummary(UUID id, String idea, String workflow, String template, Project.Status status,
            @Schema(description = "What the project is doing now: running steps, what it waits for, or how it ended")
            String stage,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, String url) {
    }

    @Schema(description = "A project with its steps, documents and costs")
    public record ProjectDetail(UUID id, String idea, String workflow, String template, String source,
            Project.Status status, String stage, String statusReason, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, OffsetDateTime completedAt, List<StepView> steps,
            List<DocumentSummary> documents, Usage usage, BudgetView budget, String eventsUrl) {
    }

    /** A dispatched step; {@code subject} is the task of a fan-out step, absent otherwise. */
    public record StepView(String stepId, String subject, String role, StepRun.Status status, int attempts,
            String error, UUID documentId, OffsetDateTime queuedAt, OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {

        static StepView of(StepRun run) {
            return new StepView(run.stepId(), run.subject().isEmpty() ? null : run.subject(), run.role(), run.status(),
                    run.attempts(), run.error(), run.documentId(), run.queuedAt(), run.startedAt(), run.finishedAt());
        }
    }

    @Schema(description = "Tokens and cost of a project's model calls: calls answered, and tries that failed "
            + "(429, 5xx, resets, timeouts; recorded without tokens). estimatedCalls answered without token counts "
            + "from the provider and were booked with the hub's estimate (about 4 characters a token); estimated "
            + "is true when any were, so the tokens and cost are then partly approximate")
    public record Usage(int calls, int failedCalls, int estimatedCalls, boolean estimated, long inputTokens,
            long outputTokens, BigDecimal costUsd, List<CostLedger.Usage> byRole, List<CostLedger.ModelSpend> byModel) {

        static Usage of(CostLedger.Usage total, List<CostLedger.Usage> byRole, List<CostLedger.ModelSpend> byModel) {
            return new Usage(total.calls(), total.failedCalls(), total.estimatedCalls(), total.estimated(),
                    total.inputTokens(), total.outputTokens(), total.cost(), byRole, byModel);
        }
    }

    @Schema(description = "A document version without its content")
    public record DocumentSummary(UUID id, String type, String subject, int version, String stepId, String role,
            String provider, String model, UUID parentId, List<UUID> inputIds, int llmCalls, int inputTokens,
            int outputTokens, Document.Outcome outcome, Document.ApprovalState approvalState, String approvedBy,
            OffsetDateTime createdAt, String url, String markdownUrl) {

        static DocumentSummary of(Document d) {
            String url = "/api/projects/" + d.projectId() + "/documents/" + d.docType() + "?version=" + d.version()
                    + (d.subject().isEmpty() ? "" : "&subject=" + d.subject());
            return new DocumentSummary(d.id(), d.docType(), d.subject().isEmpty() ? null : d.subject(), d.version(),
                    d.stepId(), d.role(), d.provider(), d.model(), d.parentId(), d.inputIds(), d.llmCalls(),
                    d.inputTokens(), d.outputTokens(), d.outcome(), d.approvalState(), d.approvedBy(), d.createdAt(), url,
                    url + "&format=markdown");
        }
    }

    @Schema(description = "A document version with its content")
    public record DocumentView(DocumentSummary document, String approvalComment, JsonNode content) {
    }

    public record EventView(long id, String kind, String stepId, String message, OffsetDateTime at) {
        static EventView of(ProjectEvent e) {
            return new EventView(e.id(), e.kind(), e.stepId(), e.message(), e.createdAt());
        }
    }

    @Schema(description = "A human decision on a document waiting at a checkpoint")
    public record DecisionRequest(
            @Schema(allowableValues = {"approve", "reject"}, requiredMode = Schema.RequiredMode.REQUIRED) String decision,
            @Schema(description = "Ignored: the decision is recorded under the caller's identity (its token)",
                    deprecated = true) String by,
            @Schema(description = "Why; required for a rejection, and given to the role as feedback") String comment) {
    }
}
