package dev.vibecoder.workflow;

import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.ProjectStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checkpoint timeouts: documents that have waited for a decision longer than their step allows are
 * reminded about (once per timeout period), approved or rejected, as configured. The state is the
 * database's (the documents' approval states and {@code approval_reminders}), so the sweep can run
 * on every hub, survives restarts, and a hub that was down for days reminds once, not once per
 * missed period.
 *
 * <p>The time is a parameter ({@link #overdue(Instant)}) so that a day's wait can be judged without
 * waiting a day; the {@code checkpoint-timeout-sweep} route passes the current time.
 */
@Component("checkpointTimeouts")
public class CheckpointTimeouts {

    /**
     * How long a document may wait, and what happens then; resolved per workflow step when the
     * workflows load ({@link WorkflowCatalog#timeoutPolicy}).
     */
    public record Policy(Duration timeout, TimeoutAction onTimeout) {

        /** {@code 4h}, {@code 30m}, {@code 2d}, {@code PT4H}: as Spring reads durations. */
        public static Duration parseTimeout(String text) {
            Duration timeout;
            try {
                timeout = DurationStyle.detectAndParse(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration such as 4h, 30m or PT4H");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("must be positive, not " + text);
            }
            return timeout;
        }
    }

    /**
     * A document that has waited at least one timeout period.
     *
     * @param periods whole timeout periods it has waited
     */
    public record Overdue(UUID documentId, UUID projectId, String docType, int version, String stepId,
            OffsetDateTime waitingSince, Policy policy, int periods) {

        /** How long it has waited, in whole periods: what reminders and decisions say. */
        public Duration waited() {
            return policy.timeout().multipliedBy(periods);
        }

        String label() {
            return docType + " v" + version;
        }
    }

    /** A waiting document, its project's workflow and the periods it was reminded of (or 0). */
    private static final String WAITING = """
            select d.id, d.project_id, d.doc_type, d.version, d.step_id, d.created_at, p.workflow,
                   coalesce(r.periods, 0) as reminded
              from documents d
              join projects p on p.id = d.project_id
              left join approval_reminders r on r.document_id = d.id
            """;

    private final JdbcTemplate jdbc;
    private final WorkflowCatalog workflows;
    private final ProjectStore projects;

    public CheckpointTimeouts(JdbcTemplate jdbc, WorkflowCatalog workflows, ProjectStore projects) {
        this.jdbc = jdbc;
        this.workflows = workflows;
        this.projects = projects;
    }

    /** The documents overdue now. */
    public List<Overdue> overdue() {
        return overdue(Instant.now());
    }

    /**
     * The documents waiting for a decision (in projects that have not ended) that are overdue at
     * {@code now}: a decision is due after one period; a reminder when a whole period has passed
     * since the last one.
     */
    public List<Overdue> overdue(Instant now) {
        List<Overdue> due = new ArrayList<>();
        jdbc.query(WAITING + " where d.approval_state = 'PENDING' and p.status not in ('COMPLETED', 'FAILED')", rs -> {
            // a document waits from when it was stored: a checkpoint's document is stored waiting, and
            // a fix loop's last failure is put before a human as soon as the router sees it
            OffsetDateTime since = rs.getObject("created_at", OffsetDateTime.class);
            Policy policy = workflows.timeoutPolicy(rs.getString("workflow"), rs.getString("step_id"));
            long periods = Duration.between(since.toInstant(), now).dividedBy(policy.timeout());
            boolean remindedAlready = policy.onTimeout() == TimeoutAction.REMIND && periods <= rs.getInt("reminded");
            if (periods >= 1 && !remindedAlready) {
                due.add(overdue(rs, policy, periods));
            }
        });
        due.sort(Comparator.comparing(Overdue::waitingSince));
        return due;
    }

    /**
     * The last reminder claimed for a document ({@link #remind}), as the overdue document it was
     * about: its periods and {@link Overdue#waited()} say what the timeline said. Empty when it was
     * never reminded about.
     */
    public Optional<Overdue> lastReminder(UUID documentId) {
        return jdbc.query(WAITING + " where d.id = ? and r.periods is not null", (rs, i) -> overdue(rs,
                workflows.timeoutPolicy(rs.getString("workflow"), rs.getString("step_id")), rs.getInt("reminded")),
                documentId).stream().findFirst();
    }

    private static Overdue overdue(ResultSet rs, Policy policy, long periods) throws SQLException {
        return new Overdue(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("doc_type"), rs.getInt("version"), rs.getString("step_id"),
                rs.getObject("created_at", OffsetDateTime.class), policy, (int) Math.min(periods, Integer.MAX_VALUE));
    }

    /**
     * Claims the reminder of an overdue document's current period and writes it to the project's
     * timeline; returns the {@code <type>.overdue} event announcing it (for Slack), or null when
     * this period was reminded of already (by another hub, or an earlier sweep). Runs in the
     * caller's transaction, with the event's outbox row.
     */
    public FlowEvent remind(Overdue overdue) {
        boolean claimed = jdbc.update("""
                insert into approval_reminders (document_id, periods) values (?, ?)
                on conflict (document_id) do update set periods = excluded.periods
                 where approval_reminders.periods < excluded.periods
                """, overdue.documentId(), overdue.periods()) == 1;
        if (!claimed) {
            return null;
        }
        projects.event(overdue.projectId(), "decision.reminder", overdue.stepId(), overdue.label() + " has waited "
                + Durations.describe(overdue.waited()) + " for a decision: approve or reject it");
        return FlowEvent.document(overdue.projectId(), overdue.docType(), "overdue", overdue.documentId(),
                overdue.version(), overdue.stepId());
    }

    /** The decision a timeout makes on an overdue document (that very version), for {@code direct:decide}. */
    public Approvals.Decision decision(Overdue overdue) {
        String waited = Durations.describe(overdue.waited());
        return switch (overdue.policy().onTimeout()) {
            case APPROVE -> new Approvals.Decision(overdue.projectId(), overdue.docType(), overdue.documentId(), true,
                    "timeout",
                    "no decision within " + waited + ", approved as it is");
            // the comment is the role's feedback for its next version
            case REJECT -> new Approvals.Decision(overdue.projectId(), overdue.docType(), overdue.documentId(), false,
                    "timeout",
                    "Nobody approved this version within " + waited + ", so it was rejected automatically."
                            + " Write a version that is easier to approve: settle what it leaves unclear and keep"
                            + " to what the idea asks for.");
            case REMIND -> throw new IllegalArgumentException(overdue.label() + " is to be reminded about, not decided");
        };
    }
}
