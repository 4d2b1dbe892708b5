package dev.vibecoder.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Projects' budgets and the reservations that keep calls within them. Before each model call the
 * call's worst case (its input at {@link BudgetSettings#inputMargin()}, its whole output limit) is
 * checked against what is left (the limit, less what answered calls cost in {@code llm_calls}, less
 * the reservations of calls in flight) and reserved under a lock on the project's budget row, so
 * parallel steps, on one hub or several, cannot overspend together. The reservation is released once
 * the call's real cost is booked.
 */
@Repository
public class ProjectBudgets {

    /**
     * A project's limits, where they came from, who changed or decided them last, and how many decisions were
     * taken at its budget checkpoint (each wait for a decision is known by that count).
     */
    public record Limits(Budget budget, String source, String updatedBy, OffsetDateTime updatedAt, int decisions) {
    }

    /** What answered calls cost and reservations hold. */
    private record Spent(BigDecimal usd, long tokens) {
    }

    /** A call's reserved worst case; {@link #NONE} for a project without limits. */
    public record Reservation(long id) {
        static final Reservation NONE = new Reservation(0);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final BudgetSettings settings;

    public ProjectBudgets(JdbcTemplate jdbc, PlatformTransactionManager transactions, BudgetSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
        // a reservation commits at once, whatever the caller's transaction: other calls must see it
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Gives a new project its budget (nothing is stored for no limit). */
    public void assign(UUID projectId, Budget budget, String source) {
        if (budget.limited()) {
            jdbc.update("insert into project_budgets (project_id, limit_usd, limit_tokens, source) values (?, ?, ?, ?)",
                    projectId, budget.usd(), budget.tokens(), source);
        }
    }

    public Optional<Limits> limits(UUID projectId) {
        return jdbc.query("select * from project_budgets where project_id = ?", (rs, i) -> limits(rs), projectId)
                .stream().findFirst();
    }

    private static Limits limits(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Limits(new Budget(rs.getBigDecimal("limit_usd"), (Long) rs.getObject("limit_tokens", Long.class)),
                rs.getString("source"), rs.getString("updated_by"), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getInt("decisions"));
    }

    /** Sets new limits (a raise): the fields the change sets replace the old ones. */
    public Budget change(UUID projectId, Budget change, String by) {
        Budget now = limits(projectId).map(Limits::budget).orElse(Budget.NONE).with(change);
        jdbc.update("""
                insert into project_budgets (project_id, limit_usd, limit_tokens, source, updated_by)
                values (?, ?, ?, 'raised', ?)
                on conflict (project_id) do update set limit_usd = excluded.limit_usd,
                       limit_tokens = excluded.limit_tokens, source = 'raised', updated_by = excluded.updated_by,
                       updated_at = now()
                """, projectId, now.usd(), now.tokens(), by);
        return now;
    }

    /** Counts a decision at the budget checkpoint (a raise or a rejection) and who took it. */
    public void decided(UUID projectId, String by) {
        jdbc.update("""
                insert into project_budgets (project_id, source, decisions, updated_by) values (?, 'none', 1, ?)
                on conflict (project_id) do update set decisions = project_budgets.decisions + 1,
                       updated_by = excluded.updated_by, updated_at = now()
                """, projectId, by);
    }

    /**
     * Reserves a call's worst case, or refuses the call.
     *
     * @throws BudgetExceededException when the call could take the project over a limit
     */
    public Reservation reserve(UUID projectId, String what, BigDecimal usd, long tokens) {
        return ownTransaction.execute(status -> {
            Optional<Limits> locked = jdbc.query("select * from project_budgets where project_id = ? for update",
                    (rs, i) -> limits(rs), projectId).stream().findFirst();
            if (locked.isEmpty() || !locked.get().budget().limited()) {
                return Reservation.NONE;
            }
            Budget budget = locked.get().budget();
            Spent committed = jdbc.queryForObject("""
                    select coalesce((select sum(cost_usd) from llm_calls where project_id = ?), 0)
                           + coalesce((select sum(cost_usd) from budget_reservations
                                        where project_id = ? and created_at > now() - make_interval(secs => ?)), 0) as usd,
                           coalesce((select sum(input_tokens + output_tokens) from llm_calls where project_id = ?), 0)
                           + coalesce((select sum(tokens) from budget_reservations
                                        where project_id = ? and created_at > now() - make_interval(secs => ?)), 0) as tokens
                    """, (rs, i) -> new Spent(rs.getBigDecimal("usd"), rs.getLong("tokens")), projectId, projectId,
                    ttlSeconds(), projectId, projectId, ttlSeconds());
            List<String> over = new ArrayList<>();
            if (budget.usd() != null && committed.usd().add(usd).compareTo(budget.usd()) > 0) {
                over.add("up to " + usd(usd) + " with " + usd(budget.usd().subtract(committed.usd()).max(BigDecimal.ZERO))
                        + " left of " + usd(budget.usd()));
            }
            if (budget.tokens() != null && committed.tokens() + tokens > budget.tokens()) {
                over.add("up to " + tokens + " tokens with " + Math.max(0, budget.tokens() - committed.tokens())
                        + " left of " + budget.tokens());
            }
            if (!over.isEmpty()) {
                throw new BudgetExceededException(projectId, locked.get().updatedAt(),
                        new BudgetExceededException.Needed(committed.usd().add(usd), committed.tokens() + tokens), what + " could cost " + String.join(" and ", over));
            }
            Long id = jdbc.queryForObject(
                    "insert into budget_reservations (project_id, cost_usd, tokens) values (?, ?, ?) returning id",
                    Long.class, projectId, usd, tokens);
            return new Reservation(id);
        });
    }

    /** The call's cost is booked (or it failed): its reservation goes. */
    public void release(Reservation reservation) {
        if (reservation != null && reservation.id() != 0) {
            jdbc.update("delete from budget_reservations where id = ?", reservation.id());
        }
    }

    private double ttlSeconds() {
        return settings.reservationTtl().toMillis() / 1000.0;
    }

    /** {@code $0.0123}: cents and below, as budgets of cheap models need. */
    public static String usd(BigDecimal amount) {
        BigDecimal shown = amount.abs().compareTo(BigDecimal.ONE) >= 0 ? amount.setScale(2, RoundingMode.HALF_UP)
                : amount.setScale(4, RoundingMode.HALF_UP);
        return "$" + shown.toPlainString();
    }
}
