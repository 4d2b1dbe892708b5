package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.workflow.WorkflowCatalog;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The words around a project's pull request: its title and body ({@code Closes #N}, the stages with
 * links to their documents, the test results, tokens and cost, what it holds), the commit messages,
 * and the note written on it when a revision is pushed.
 */
@Component
public class PullRequestSummary {

    private static final int MAX_TITLE = 200;
    private static final int MAX_QUOTE = 1000;

    private final DocumentStore documents;
    private final PublicLinks links;
    private final WorkflowCatalog workflows;

    public PullRequestSummary(DocumentStore documents, PublicLinks links, WorkflowCatalog workflows) {
        this.documents = documents;
        this.links = links;
        this.workflows = workflows;
    }

    public String title(GitHubProjects.Link link) {
        String title = "VibeCoder: " + link.issueTitle();
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
    }

    public String body(ProjectStages.Progress progress, GitHubProjects.Link link, PullRequestFiles.Tree tree,
            String docsDirectory) {
        Project project = progress.project();
        StringBuilder md = new StringBuilder();
        md.append("Closes #").append(link.issueNumber()).append("\n\n");
        md.append("VibeCoder built this from #").append(link.issueNumber()).append(", opened by @")
                .append(link.requestedBy()).append(": project [`").append(project.id()).append("`](")
                .append(links.project(project.id())).append("), workflow `").append(project.workflow())
                .append("`.\n\n");
        md.append("### Stages\n\n").append(ProjectStages.table(progress.stages(), false));
        md.append("\n### Tests\n\n").append(tests(project)).append("\n\n");
        md.append("### Usage\n\n").append(usage(progress.usage())).append("\n\n");
        md.append("### Files\n\n").append(tree.count(PullRequestFiles.Kind.CODE)).append(" files of code, ")
                .append(tree.count(PullRequestFiles.Kind.TEST)).append(" of tests, and ")
                .append(tree.count(PullRequestFiles.Kind.DOCUMENT)).append(" documents as Markdown under `")
                .append(docsDirectory).append("/`.\n");
        appendLeftOut(md, tree);
        md.append("\n---\nReview this pull request (a review with comments, or comments on the changes), or comment "
                + "`/vibecoder revise <what to change>`: VibeCoder revises the project and pushes a new commit to "
                + "this branch.\n");
        return md.toString();
    }

    public String firstCommitMessage(GitHubProjects.Link link, Project project) {
        return title(link) + "\n\nGenerated for #" + link.issueNumber() + " by VibeCoder project " + project.id()
                + " (workflow " + project.workflow() + ").";
    }

    public String revisionCommitMessage(GitHubProjects.Link link, Project project, Optional<Document> revised) {
        return "VibeCoder: revision" + revised.map(d -> " requested by " + d.approvedBy()).orElse("") + "\n\n"
                + revised.map(d -> excerpt(d.approvalComment()) + "\n\n").orElse("")
                + "Project " + project.id() + ", for #" + link.issueNumber() + ".";
    }

    /** The note on the pull request after a revision was pushed. */
    public String revisionNote(ProjectStages.Progress progress, Optional<Document> revised, String headSha,
            PullRequestFiles.Tree tree) {
        StringBuilder md = new StringBuilder("VibeCoder pushed ").append(headSha).append(" with the revision");
        revised.ifPresent(d -> md.append(" requested by ").append(d.approvedBy()).append(":\n\n")
                .append(quote(d.approvalComment())));
        md.append("\n\n**Tests:** ").append(tests(progress.project())).append("\n\n**Usage so far:** ")
                .append(usage(progress.usage()));
        appendLeftOut(md.append('\n'), tree);
        return md.toString();
    }

    /**
     * The newest review of the finished project: the version of the workflow's revision step that a
     * reviewer rejected, with who did and what they asked (read without the documents' contents).
     */
    public Optional<Document> lastRevision(Project project) {
        String type = workflows.produces(workflows.get(project.workflow()).revisionStepOrFirst());
        return documents.historyHeads(project.id()).stream()
                .filter(d -> d.docType().equals(type) && d.approvalState() == Document.ApprovalState.REJECTED
                        && d.approvedAt() != null)
                .max(Comparator.comparing(Document::approvedAt));
    }

    private String tests(Project project) {
        Optional<Document> report = documents.latest(project.id(), "test-report");
        if (report.isEmpty()) {
            return "the workflow `" + project.workflow() + "` runs no tests.";
        }
        JsonNode r = report.get().content();
        String status = r.path("status").asText();
        return ("passed".equals(status) ? "✅ " : "❌ ") + status + ": " + r.path("passed").asInt() + " passed, "
                + r.path("failed").asInt() + " failed, " + r.path("errors").asInt() + " errors, "
                + r.path("skipped").asInt() + " skipped in " + String.format(Locale.ROOT, "%.1f",
                        r.path("durationMs").asLong() / 1000.0) + " s (`" + r.path("command").asText().replace("`", "'")
                + "` in the sandbox) · [test report v" + report.get().version() + "](" + links.document(report.get())
                + ")" + (report.get().approvalState() == Document.ApprovalState.APPROVED
                        ? ", accepted by " + report.get().approvedBy() : "");
    }

    static String usage(CostLedger.Usage total) {
        if (total.calls() == 0) {
            return "no model calls.";
        }
        return String.format(Locale.ROOT, "%,d model calls · %,d tokens (%,d in, %,d out) · $%s", total.calls(),
                total.inputTokens() + total.outputTokens(), total.inputTokens(), total.outputTokens(),
                total.cost().setScale(4, RoundingMode.HALF_UP).toPlainString())
                + (total.estimated() ? String.format(Locale.ROOT, " (estimated for %,d calls without token counts)",
                        total.estimatedCalls()) : "");
    }

    /** Spend per role and model, as a table (estimated figures marked with ~). */
    static String spend(List<CostLedger.ModelSpend> spend) {
        if (spend.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("| Role | Model | Calls | Failed tries | Tokens in | Tokens out | USD |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (CostLedger.ModelSpend row : spend) {
            String mark = row.estimated() ? "~" : "";
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %,d | %,d | %s%,d | %s%,d | %s%s |%n", row.role(),
                    row.model().replace("`", "'"), row.calls(), row.failedCalls(), mark, row.inputTokens(), mark,
                    row.outputTokens(), mark, row.cost().setScale(4, RoundingMode.HALF_UP).toPlainString()));
        }
        return md.toString();
    }

    /** {@code $0.0123 of $1.00 spent (1.2%)}, and the tokens the same way. */
    static String budget(Budget budget, CostLedger.Usage spent) {
        List<String> parts = new ArrayList<>();
        if (budget.usd() != null) {
            parts.add(ProjectBudgets.usd(spent.cost()) + " of " + ProjectBudgets.usd(budget.usd()) + " spent");
        }
        if (budget.tokens() != null) {
            parts.add(String.format(Locale.ROOT, "%,d of %,d tokens used", spent.inputTokens() + spent.outputTokens(),
                    budget.tokens()));
        }
        return String.join(" · ", parts);
    }

    private static void appendLeftOut(StringBuilder md, PullRequestFiles.Tree tree) {
        if (tree.leftOut().isEmpty()) {
            return;
        }
        md.append("\nLeft out of the branch:\n");
        for (Map.Entry<String, String> left : tree.leftOut().entrySet()) {
            md.append("- `").append(left.getKey().replace("`", "'")).append("`: ").append(left.getValue()).append('\n');
        }
    }

    private static String excerpt(String text) {
        String shown = text == null ? "" : text.strip();
        return shown.length() <= MAX_QUOTE ? shown : shown.substring(0, MAX_QUOTE - 1) + "…";
    }

    private static String quote(String text) {
        return "> " + excerpt(text).replace("\n", "\n> ");
    }
}
