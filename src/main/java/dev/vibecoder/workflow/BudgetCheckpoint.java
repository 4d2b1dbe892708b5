package dev.vibecoder.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.agent.StoppedStep;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.broker.Outbox;
import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.BudgetExceededException;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.InvalidInput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code budget} checkpoint. A step whose next model call could take its project over budget
 * ({@link BudgetExceededException}, before the call is made) is parked here: its work order is held
 * and the project waits ({@code WAITING_FOR_BUDGET}) for a person to raise the budget, which sends
 * the held orders again, or to reject it, which ends the project. Nothing is dead-lettered and no
 * stored step runs again.
 */
@Component("budgetCheckpoint")
public class BudgetCheckpoint {

    /**
     * A decision at the checkpoint: raise (new limits, either or both) or reject (with a reason).
     * A raise is also how a running project gets a budget or a higher one.
     */
    public record Decision(UUID projectId, String decision, BigDecimal usd, Long tokens, String by, String comment,
            boolean onlyWhileWaiting) {

        /** A decision that may also raise the budget of a project not waiting at its checkpoint (the REST API's). */
        public Decision(UUID projectId, String decision, BigDecimal usd, Long tokens, String by, String comment) {
            this(projectId, decision, usd, tokens, by, comment, false);
        }
    }

    /** The events of a decision at the checkpoint ({@code project.budget_raised}, ...), for Slack. */
    public static final String RAISED = "budget_raised";
    public static final String REJECTED = "budget_rejected";

    private final ProjectStore projects;
    private final ProjectBudgets budgets;
    private final CostLedger costs;
    private final Outbox outbox;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final MeterRegistry metrics;

    public BudgetCheckpoint(ProjectStore projects, ProjectBudgets budgets, CostLedger costs, Outbox outbox,
            JdbcTemplate jdbc, ObjectMapper json, TransactionTemplate transaction, MeterRegistry metrics) {
        this.metrics = metrics;
        this.projects = projects;
        this.budgets = budgets;
        this.costs = costs;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = transaction;
    }

    /** Holds the step's work order and makes its project wait for a decision (the role route's error handler). */
    public void park(Exchange exchange) {
        StoppedStep stopped = StoppedStep.of(exchange);
        WorkOrder order = stopped.order();
        Exception caught = stopped.caught();
        BudgetExceededException exceeded = stopped.cause(BudgetExceededException.class);
        String reason = exceeded != null ? exceeded.getMessage() : String.valueOf(caught);
        byte[] payload = payload(order);
        transaction.executeWithoutResult(status -> {
            projects.lock(order.projectId());
            // raised between the check and now (the raise held the project's row): no need to wait
            if (exceeded != null && budgets.limits(order.projectId()).map(ProjectBudgets.Limits::updatedAt)
                    .filter(at -> at.isAfter(exceeded.budgetSetAt())).isPresent()) {
                outbox.workOrder(order);
                projects.event(order.projectId(), "budget.raised", order.stepId(),
                        "the budget was raised while the step was stopped before its call: it goes on");
                return;
            }
            BudgetExceededException.Needed needed = exceeded != null ? exceeded.needed()
                    : new BudgetExceededException.Needed(BigDecimal.ZERO, 0);
            jdbc.update("""
                    insert into budget_held_orders (project_id, step_key, payload, reason, needed_usd, needed_tokens)
                    values (?, ?, ?::jsonb, ?, ?, ?)
                    on conflict (step_key) do nothing
                    """, order.projectId(), order.stepKey(), new String(payload, java.nio.charset.StandardCharsets.UTF_8),
                    reason, needed.usd(), needed.tokens());
            projects.stepWaitingForBudget(order.stepKey(), order.projectId(), order.stepId(), reason);
        });
        Counter.builder("vibecoder.budget.held.steps")
                .description("Steps held at their project's budget checkpoint before a call that could overspend it")
                .tag("role", order.role() == null ? "hub" : order.role()).register(metrics).increment();
    }

    /** Records a decision; one transaction with the orders it releases (the {@code budget-decision} route). */
    public void decide(Decision decision) {
        if (decision.by() == null || decision.by().isBlank()) {
            throw new InvalidInput("by", "the decider's name is required");
        }
        Project project = projects.lock(decision.projectId())
                .orElseThrow(() -> new InvalidInput("projectId", "no project " + decision.projectId()));
        switch (decision.decision() == null ? "" : decision.decision()) {
            case "raise" -> raise(project, decision);
            case "reject" -> reject(project, decision);
            default -> throw new InvalidInput("decision", "must be 'raise' or 'reject', was '" + decision.decision() + "'");
        }
    }

    private void raise(Project project, Decision decision) {
        if (project.status().finished()) {
            throw new Approvals.NotAwaitingDecision("project " + project.id() + " has ended (" + project.status()
                    + "): its budget cannot change");
        }
        if (decision.onlyWhileWaiting() && project.status() != Project.Status.WAITING_FOR_BUDGET) {
            throw new Approvals.NotAwaitingDecision("the project is not waiting for a budget decision any more"
                    + " (status " + project.status() + ")");
        }
        if (decision.usd() == null && decision.tokens() == null) {
            throw new InvalidInput("usd", "a raise sets usd, tokens or both");
        }
        Budget change = new Budget(decision.usd(), decision.tokens());
        CostLedger.Usage spent = costs.total(project.id());
        if (change.usd() != null && change.usd().compareTo(spent.cost()) <= 0) {
            throw new InvalidInput("usd", "must be more than the " + ProjectBudgets.usd(spent.cost())
                    + " already spent");
        }
        if (change.tokens() != null && change.tokens() <= spent.inputTokens() + spent.outputTokens()) {
            throw new InvalidInput("tokens", "must be more than the " + (spent.inputTokens() + spent.outputTokens())
                    + " tokens already used");
        }
        Budget now = budgets.change(project.id(), change, decision.by());
        List<WorkOrder> held = jdbc.query("select payload from budget_held_orders where project_id = ? order by id",
                (rs, i) -> order(rs.getString("payload")), project.id());
        jdbc.update("delete from budget_held_orders where project_id = ?", project.id());
        held.forEach(outbox::workOrder);
        projects.event(project.id(), "budget.raised", null, "budget set to " + describe(now) + " by " + decision.by()
                + comment(decision) + (held.isEmpty() ? "" : "; " + held.size() + " held step(s) go on"));
        if (project.status() == Project.Status.WAITING_FOR_BUDGET) {
            budgets.decided(project.id(), decision.by());
            outbox.event(FlowEvent.project(project.id(), RAISED));
            projects.moveTo(project.id(), Project.Status.RUNNING, null);
        }
    }

    private void reject(Project project, Decision decision) {
        if (project.status() != Project.Status.WAITING_FOR_BUDGET) {
            throw new Approvals.NotAwaitingDecision("project " + project.id() + " is not waiting at its budget"
                    + " checkpoint (status " + project.status() + ")");
        }
        if (decision.comment() == null || decision.comment().isBlank()) {
            throw new InvalidInput("comment", "a rejection needs a reason");
        }
        jdbc.update("""
                update step_runs set status = 'FAILED', finished_at = now(), error = 'budget rejected'
                 where step_key in (select step_key from budget_held_orders where project_id = ?) and status <> 'DONE'
                """, project.id());
        jdbc.update("delete from budget_held_orders where project_id = ?", project.id());
        budgets.decided(project.id(), decision.by());
        outbox.event(FlowEvent.project(project.id(), REJECTED));
        projects.moveTo(project.id(), Project.Status.FAILED, "budget: not raised, rejected by " + decision.by() + ": "
                + decision.comment().strip());
    }

    /** The project's waiting steps, for the API: how many and why. */
    public List<String> heldReasons(UUID projectId) {
        return jdbc.queryForList("select reason from budget_held_orders where project_id = ? order by id", String.class,
                projectId);
    }

    /**
     * The raise a person is offered (Slack's button): each limit doubled, or more where a held step
     * needs more (its worst case, with a fifth to spare), rounded up to a cent or a thousand tokens.
     */
    public Budget offer(UUID projectId, Budget budget) {
        BudgetExceededException.Needed needed = jdbc.queryForObject("""
                select coalesce(max(needed_usd), 0) as usd, coalesce(max(needed_tokens), 0) as tokens
                  from budget_held_orders where project_id = ?
                """, (rs, i) -> new BudgetExceededException.Needed(rs.getBigDecimal("usd"), rs.getLong("tokens")),
                projectId);
        BigDecimal usd = budget.usd() == null ? null : budget.usd().multiply(BigDecimal.TWO)
                .max(needed.usd().multiply(new BigDecimal("1.2"))).setScale(2, java.math.RoundingMode.CEILING);
        Long tokens = budget.tokens() == null ? null
                : (Math.max(budget.tokens() * 2, needed.tokens() * 6 / 5) + 999) / 1000 * 1000;
        return new Budget(usd, tokens);
    }

    public static String describe(Budget budget) {
        if (!budget.limited()) {
            return "no limit";
        }
        return budget.usd() == null ? budget.tokens() + " tokens"
                : budget.tokens() == null ? ProjectBudgets.usd(budget.usd())
                : ProjectBudgets.usd(budget.usd()) + " and " + budget.tokens() + " tokens";
    }

    private static String comment(Decision decision) {
        return decision.comment() == null || decision.comment().isBlank() ? "" : ": " + decision.comment().strip();
    }

    private byte[] payload(WorkOrder order) {
        try {
            return json.writeValueAsBytes(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the held work order", e);
        }
    }

    private WorkOrder order(String payload) {
        try {
            return json.readValue(payload, WorkOrder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a held work order cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
