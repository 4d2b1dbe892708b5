package dev.vibecoder.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibecoder.support.HubProcess;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Reservations on the real database: calls in flight on any thread (or hub) cannot overspend together. */
class ProjectBudgetsTest {

    private final JdbcTemplate jdbc = HubProcess.testDatabase();
    private final ProjectBudgets budgets = new ProjectBudgets(jdbc, new DataSourceTransactionManager(jdbc.getDataSource()),
            new BudgetSettings(null, null, 1.5, Duration.ofMinutes(30)));
    private final UUID project = UUID.randomUUID();

    /** The schema as the hub migrates it, should this run first on a fresh database. */
    @BeforeAll
    static void migrated() {
        Flyway.configure().dataSource(HubProcess.DB_URL, HubProcess.DB_USER, HubProcess.DB_PASSWORD)
                .locations("classpath:db/migration").load().migrate();
    }

    @BeforeEach
    void project() {
        jdbc.update("insert into projects (id, idea, workflow) values (?, 'budget reservations', 'quick-prototype')",
                project);
    }

    @AfterEach
    void cleanUp() {
        jdbc.update("delete from projects where id = ?", project);
    }

    @Test
    void ofTwoCallsThatFitOnlyOneAtATimeOnlyOneIsReservedUntilItIsReleased() throws Exception {
        budgets.assign(project, new Budget(new BigDecimal("0.10"), null), "request");
        int tries = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(tries);
        List<Future<ProjectBudgets.Reservation>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < tries; i++) {
                calls.add(threads.submit(() -> {
                    go.await();
                    try {
                        return budgets.reserve(project, "a call", new BigDecimal("0.06"), 1000);
                    } catch (BudgetExceededException e) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<ProjectBudgets.Reservation> made = new ArrayList<>();
            for (Future<ProjectBudgets.Reservation> call : calls) {
                ProjectBudgets.Reservation reservation = call.get();
                if (reservation != null) {
                    made.add(reservation);
                }
            }
            assertThat(made).hasSize(1);
            budgets.release(made.get(0));
            budgets.release(budgets.reserve(project, "the next call", new BigDecimal("0.06"), 1000));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whatAnsweredCallsCostCountsAndAnAbandonedReservationExpires() {
        budgets.assign(project, new Budget(new BigDecimal("0.10"), 5000L), "request");
        jdbc.update("""
                insert into llm_calls (project_id, step_key, role, provider, model, input_tokens, output_tokens, cost_usd,
                                       duration_ms, outcome)
                values (?, 'k', 'engineer', 'anthropic', 'claude-sonnet-4-5', 1000, 500, 0.05, 10, 'answered')
                """, project);
        // a hub died mid-call an hour ago: its reservation no longer holds anything back
        jdbc.update("insert into budget_reservations (project_id, cost_usd, tokens, created_at) values (?, 1, 100000,"
                + " now() - interval '1 hour')", project);

        assertThatThrownBy(() -> budgets.reserve(project, "the next call of engineer", new BigDecimal("0.06"), 100))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessage("the next call of engineer could cost up to $0.0600 with $0.0500 left of $0.1000");
        assertThatThrownBy(() -> budgets.reserve(project, "a long call", new BigDecimal("0.01"), 4000))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessage("a long call could cost up to 4000 tokens with 3500 left of 5000");
        ProjectBudgets.Reservation fits = budgets.reserve(project, "a short call", new BigDecimal("0.05"), 3500);
        assertThat(fits.id()).isPositive();
        budgets.release(fits);
    }

    @Test
    void aProjectWithoutLimitsReservesNothing() {
        ProjectBudgets.Reservation none = budgets.reserve(project, "a call", new BigDecimal("1000"), 10_000_000);
        assertThat(none.id()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from budget_reservations where project_id = ?", Integer.class,
                project)).isZero();
    }
}
