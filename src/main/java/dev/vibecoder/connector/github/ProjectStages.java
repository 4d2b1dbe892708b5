package dev.vibecoder.connector.github;

import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.project.StepRun;
import dev.vibecoder.workflow.WorkflowCatalog;
import dev.vibecoder.workflow.WorkflowDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Where a project stands, stage by stage (one stage per step of its workflow), read from what the
 * store holds: its step runs, its documents and its status. Failures are not events, so the state
 * is always read, never accumulated from events.
 */
@Component
public class ProjectStages {

    /** Longest text in a table cell. */
    private static final int MAX_CELL = 160;

    public enum State {
        DONE("✅"), RUNNING("⏳"), WAITING("✋"), FAILED("❌"), PENDING("⬜");

        private final String icon;

        State(String icon) {
            this.icon = icon;
        }

        public String icon() {
            return icon;
        }
    }

    /** A link to one document version's Markdown view. */
    public record DocumentLink(String label, String url) {

        public String markdown() {
            return "[" + label + "](" + url + ")";
        }
    }

    /**
     * One stage.
     *
     * @param detail what is going on in words ("3 of 5 tasks done", the reason of a failure), or ""
     */
    public record Stage(String stepId, State state, String detail, List<DocumentLink> documents) {
    }

    /** A project as its GitHub texts show it, read once: its row, its stages, what its model calls used. */
    /** Where a project is: its stages, what its calls used in total and per role and model, and its budget. */
    public record Progress(Project project, List<Stage> stages, CostLedger.Usage usage,
            List<CostLedger.ModelSpend> spend, Budget budget) {
    }

    private final ProjectStore projects;
    private final DocumentStore documents;
    private final DocumentTypes types;
    private final WorkflowCatalog workflows;
    private final PublicLinks links;
    private final CostLedger costs;
    private final ProjectBudgets budgets;

    public ProjectStages(ProjectStore projects, DocumentStore documents, DocumentTypes types,
            WorkflowCatalog workflows, PublicLinks links, CostLedger costs, ProjectBudgets budgets) {
        this.budgets = budgets;
        this.projects = projects;
        this.documents = documents;
        this.types = types;
        this.workflows = workflows;
        this.links = links;
        this.costs = costs;
    }

    public Progress progress(Project project) {
        return new Progress(project, of(project), costs.total(project.id()), costs.byModel(project.id()),
                budgets.limits(project.id()).map(ProjectBudgets.Limits::budget).orElse(Budget.NONE));
    }

    private List<Stage> of(Project project) {
        WorkflowDefinition workflow = workflows.get(project.workflow());
        List<StepRun> runs = projects.steps(project.id());
        List<Document> latest = documents.latestHeadsOfEachType(project.id());
        List<Stage> stages = new ArrayList<>();
        for (WorkflowDefinition.Step step : workflow.steps()) {
            String type = workflows.produces(step);
            List<Document> docs = latest.stream().filter(d -> d.docType().equals(type))
                    .sorted(Comparator.comparing(Document::subject)).toList();
            List<StepRun> stepRuns = runs.stream().filter(r -> r.stepId().equals(step.id())).toList();
            List<StepRun> fixRuns = runs.stream().filter(r -> r.stepId().equals(step.id() + ".fix")).toList();
            stages.add(stage(project, step, docs, stepRuns, fixRuns));
        }
        return stages;
    }

    private Stage stage(Project project, WorkflowDefinition.Step step, List<Document> docs, List<StepRun> stepRuns,
            List<StepRun> fixRuns) {
        List<DocumentLink> docLinks = docs.stream().map(this::link).toList();
        List<StepRun> all = new ArrayList<>(stepRuns);
        all.addAll(fixRuns);
        if (project.status() == Project.Status.FAILED) {
            StepRun failed = all.stream().filter(r -> r.status() == StepRun.Status.FAILED)
                    .max(Comparator.comparing(StepRun::queuedAt)).orElse(null);
            if (failed != null) {
                return new Stage(step.id(), State.FAILED, Objects.requireNonNullElse(failed.error(), "failed"),
                        docLinks);
            }
        }
        Document waiting = docs.stream().filter(d -> d.approvalState() == Document.ApprovalState.PENDING)
                .findFirst().orElse(null);
        if (waiting != null) {
            return new Stage(step.id(), State.WAITING, (waiting.failed() ? "failed, and its fixes are used up: "
                    : "") + "waiting for a decision on " + label(waiting), docLinks);
        }
        boolean fixing = fixRuns.stream().anyMatch(ProjectStages::active);
        if (fixing || stepRuns.stream().anyMatch(ProjectStages::active)) {
            String detail;
            if (fixing) {
                detail = "fixing what failed (attempt " + fixRuns.size() + ")";
            } else if (step.fansOutTasks()) {
                long tasks = stepRuns.stream().map(StepRun::subject).distinct().count();
                long done = stepRuns.stream().filter(r -> r.status() == StepRun.Status.DONE).map(StepRun::subject)
                        .distinct().count();
                detail = done + " of " + tasks + " tasks done so far";
            } else {
                detail = docs.isEmpty() ? "working" : "working on a new version";
            }
            return new Stage(step.id(), State.RUNNING, detail, docLinks);
        }
        if (!docs.isEmpty()) {
            boolean failed = docs.stream().anyMatch(Document::failed);
            return new Stage(step.id(), State.DONE, failed ? "failed" : "", docLinks);
        }
        return new Stage(step.id(), State.PENDING, "", List.of());
    }

    /**
     * The stages as a Markdown table: each stage with links to its documents and, {@code withState},
     * its state's icon and what is going on in it (the progress comment; a pull request shows the
     * finished project's stages without them).
     */
    public static String table(List<Stage> stages, boolean withState) {
        StringBuilder md = new StringBuilder(withState ? "| | Stage | Documents |\n| --- | --- | --- |\n"
                : "| Stage | Documents |\n| --- | --- |\n");
        for (Stage stage : stages) {
            md.append("| ");
            if (withState) {
                md.append(stage.state().icon()).append(" | ");
            }
            md.append(stage.stepId());
            if (withState && !stage.detail().isEmpty()) {
                md.append(": ").append(oneLine(stage.detail(), MAX_CELL));
            }
            md.append(" | ").append(String.join(" · ", stage.documents().stream().map(DocumentLink::markdown).toList()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** One line without column breaks (it may stand in a table), at most {@code max} characters. */
    static String oneLine(String text, int max) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").replace("|", "\\|").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    private static boolean active(StepRun run) {
        return run.status() == StepRun.Status.QUEUED || run.status() == StepRun.Status.RUNNING;
    }

    /** The subject alone for a task's document ("T2 v1"), else the type's title ("Product Requirements v2"). */
    private DocumentLink link(Document document) {
        return new DocumentLink(document.subject().isEmpty() ? label(document)
                : document.subject() + " v" + document.version(), links.document(document));
    }

    private String label(Document document) {
        String title = types.exists(document.docType()) ? types.get(document.docType()).title() : document.docType();
        return title + (document.subject().isEmpty() ? "" : " of " + document.subject()) + " v" + document.version();
    }
}
