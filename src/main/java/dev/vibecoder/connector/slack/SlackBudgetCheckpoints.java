package dev.vibecoder.connector.slack;

import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.CostLedger;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.workflow.BudgetCheckpoint;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The budget checkpoint in Slack: when a project starts waiting for a budget decision
 * ({@code project.waiting_for_budget}) a message asks for one; when it is decided (Slack, the REST
 * API: {@code project.budget_raised}, {@code project.budget_rejected}) the message shows the
 * decision. One message per wait (its round: the project's decisions before it), posted once
 * however often the event arrives and however many hubs read it.
 */
@Component
public class SlackBudgetCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(SlackBudgetCheckpoints.class);

    private final SlackSettings settings;
    private final SlackWebApi slack;
    private final BudgetMessages layouts;
    private final ProjectStore projects;
    private final ProjectBudgets budgets;
    private final CostLedger costs;
    private final JdbcTemplate jdbc;
    private final BudgetCheckpoint checkpoint;

    public SlackBudgetCheckpoints(SlackSettings settings, SlackWebApi slack, BudgetMessages layouts,
            ProjectStore projects, ProjectBudgets budgets, CostLedger costs, JdbcTemplate jdbc,
            BudgetCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.settings = settings;
        this.slack = slack;
        this.layouts = layouts;
        this.projects = projects;
        this.budgets = budgets;
        this.costs = costs;
        this.jdbc = jdbc;
    }

    void on(FlowEvent event) {
        switch (event.event()) {
            case "waiting_for_budget" -> ask(event.projectId());
            case BudgetCheckpoint.RAISED, BudgetCheckpoint.REJECTED -> show(event.projectId());
            default -> LOG.debug("{}: nothing for Slack", event.routingKey());
        }
    }

    private void ask(UUID projectId) {
        Project project = projects.get(projectId).orElseThrow();
        Optional<ProjectBudgets.Limits> limits = budgets.limits(projectId);
        if (project.status() != Project.Status.WAITING_FOR_BUDGET || limits.isEmpty()) {
            LOG.debug("project {} was decided before Slack was asked", projectId);
            return;
        }
        int round = limits.get().decisions();
        boolean claimed = jdbc.update("""
                insert into slack_budget_messages (project_id, round, claimed_until)
                values (?, ?, now() + make_interval(secs => ?))
                on conflict (project_id, round) do update set claimed_until = excluded.claimed_until
                 where slack_budget_messages.ts is null and slack_budget_messages.claimed_until < now()
                """, projectId, round, SlackCheckpoints.POSTING_LEASE.toSeconds()) == 1;
        if (!claimed) {
            return;
        }
        SlackWebApi.Posted posted;
        try {
            Budget budget = limits.get().budget();
            CheckpointMessages.Message message = layouts.waiting(project, budget, checkpoint.offer(projectId, budget),
                    costs.total(projectId));
            posted = slack.post(message.text(), message.blocks());
        } catch (RuntimeException e) {
            jdbc.update("delete from slack_budget_messages where project_id = ? and round = ? and ts is null",
                    projectId, round);
            throw e;
        }
        jdbc.update("update slack_budget_messages set channel = ?, ts = ? where project_id = ? and round = ?",
                posted.channel(), posted.ts(), projectId, round);
        projects.event(projectId, "slack.asked", null, "the budget decision is asked for in Slack ("
                + settings.channel() + ")");
    }

    /** Shows the latest decision in the message of the wait it ended, if that message does not show it yet. */
    private void show(UUID projectId) {
        Optional<ProjectBudgets.Limits> limits = budgets.limits(projectId);
        if (limits.isEmpty() || limits.get().decisions() == 0) {
            return;
        }
        int round = limits.get().decisions() - 1;
        Project project = projects.get(projectId).orElseThrow();
        boolean raised = project.status() != Project.Status.FAILED;
        String shown = raised ? "raised" : "rejected";
        jdbc.query("""
                select channel, ts from slack_budget_messages
                 where project_id = ? and round = ? and ts is not null and decision_shown is distinct from ?
                """, rs -> {
            Budget budget = limits.get().budget();
            String by = limits.get().updatedBy();
            CheckpointMessages.Message decided = layouts.decided(project, budget, costs.total(projectId), raised, by);
            slack.update(rs.getString("channel"), rs.getString("ts"), decided.text(), decided.blocks());
            jdbc.update("update slack_budget_messages set decision_shown = ? where project_id = ? and round = ?",
                    shown, projectId, round);
        }, projectId, round, shown);
    }
}
