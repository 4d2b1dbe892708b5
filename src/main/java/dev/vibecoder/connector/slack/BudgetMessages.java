package dev.vibecoder.connector.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static dev.vibecoder.connector.slack.CheckpointMessages.escape;
import static dev.vibecoder.document.DocumentDigest.cut;
import static dev.vibecoder.document.DocumentDigest.oneLine;

import com.slack.api.model.block.LayoutBlock;
import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.workflow.BudgetCheckpoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The Block Kit of the budget checkpoint: the message saying a project stopped before a call that
 * could overspend its budget, with a button raising the budget (to what the checkpoint offers) and one stopping
 * the project; and the same message once decided, however it was decided.
 */
@Component
public class BudgetMessages {

    /** Action ids of the buttons; the value is {@code <project id> <usd or -> <tokens or ->}: the raise offered. */
    public static final String RAISE = "vibecoder_budget_raise";
    public static final String STOP = "vibecoder_budget_stop";
    public static final String DECISION_BLOCK = "vibecoder_budget_decision";

    private final PublicLinks links;
    private final CheckpointMessages checkpointMessages;

    public BudgetMessages(PublicLinks links, CheckpointMessages checkpointMessages) {
        this.links = links;
        this.checkpointMessages = checkpointMessages;
    }

    /** What a Raise button offers, parsed back from its value. */
    public record Offer(java.util.UUID projectId, BigDecimal usd, Long tokens) {

        String value() {
            return projectId + " " + (usd == null ? "-" : usd.stripTrailingZeros().toPlainString()) + " " + (tokens == null ? "-" : tokens);
        }

        static Offer parse(String value) {
            String[] parts = value.split(" ");
            if (parts.length != 3) {
                throw new IllegalArgumentException("'" + value + "' is not a budget offer");
            }
            return new Offer(java.util.UUID.fromString(parts[0]), "-".equals(parts[1]) ? null : new BigDecimal(parts[1]),
                    "-".equals(parts[2]) ? null : Long.valueOf(parts[2]));
        }
    }

    /** The message asking for a decision; {@code raise} is what its Raise button offers (BudgetCheckpoint.offer). */
    public CheckpointMessages.Message waiting(Project project, Budget budget, Budget raise, CostLedger.Usage spent) {
        Offer offer = new Offer(project.id(), raise.usd(), raise.tokens());
        String raiseTo = BudgetCheckpoint.describe(new Budget(offer.usd(), offer.tokens()));
        List<LayoutBlock> blocks = describe(project, budget, spent, "Budget reached: the project waits");
        blocks.add(actions(a -> a.blockId(DECISION_BLOCK).elements(List.of(
                button(b -> b.actionId(RAISE).value(offer.value()).style("primary")
                        .text(plainText(cut("Raise to " + raiseTo, 75)))
                        .confirm(confirmationDialog(c -> c.title(plainText("Raise the budget?"))
                                .text(plainText(cut("The project may spend up to " + raiseTo + " and goes on.", 300)))
                                .confirm(plainText("Raise")).deny(plainText("Cancel"))))),
                button(b -> b.actionId(STOP).value(offer.value()).style("danger").text(plainText("Stop the project"))
                        .confirm(confirmationDialog(c -> c.title(plainText("Stop the project?"))
                                .text(plainText("It ends as failed; what it made so far stays readable."))
                                .confirm(plainText("Stop")).deny(plainText("Cancel")))))))));
        return new CheckpointMessages.Message("\"" + cut(oneLine(project.idea()), 140) + "\" reached its budget", blocks);
    }

    /** The message once decided: the buttons give way to the decision. */
    public CheckpointMessages.Message decided(Project project, Budget budget, CostLedger.Usage spent, boolean raised,
            String by) {
        List<LayoutBlock> blocks = describe(project, budget, spent, raised ? "Budget raised: the project goes on"
                : "Budget not raised: the project stopped");
        String decision = (raised ? ":white_check_mark: *Raised* to " + escape(BudgetCheckpoint.describe(budget))
                : ":octagonal_sign: *Stopped*") + " by " + checkpointMessages.mention(by);
        blocks.add(section(s -> s.text(markdownText(decision))));
        return new CheckpointMessages.Message("budget of \"" + cut(oneLine(project.idea()), 140) + "\" "
                + (raised ? "raised" : "not raised") + " by " + by, blocks);
    }

    private List<LayoutBlock> describe(Project project, Budget budget, CostLedger.Usage spent, String headline) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(headline))));
        StringBuilder about = new StringBuilder("*Project:* <").append(links.project(project.id())).append('|')
                .append(escape(cut(oneLine(project.idea()), 140)).replace("|", "¦")).append('>');
        if (budget.usd() != null) {
            about.append("\n*Spent:* ").append(ProjectBudgets.usd(spent.cost())).append(" of ")
                    .append(ProjectBudgets.usd(budget.usd()));
        }
        if (budget.tokens() != null) {
            about.append(String.format(Locale.ROOT, "\n*Tokens:* %,d of %,d", spent.inputTokens() + spent.outputTokens(),
                    budget.tokens()));
        }
        if (project.statusReason() != null && project.status() == Project.Status.WAITING_FOR_BUDGET) {
            about.append("\n*Stopped before:* ").append(escape(cut(oneLine(project.statusReason()
                    .replaceFirst("^budget: ", "")), 2000)));
        }
        String text = about.toString();
        blocks.add(section(s -> s.text(markdownText(text))));
        blocks.add(context(c -> c.elements(List.of(markdownText("project `" + project.id() + "`")))));
        return blocks;
    }
}
