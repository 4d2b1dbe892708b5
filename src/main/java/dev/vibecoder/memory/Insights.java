package dev.vibecoder.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How the factory has been doing over a time window: success rate per role, how often the auto-fix
 * loop's fixes work, the most common failure patterns with their best fix, and the slowest stages.
 * Steps count in the window they finished in; fix attempts (reflections) in the window they were
 * made in.
 */
@Component
public class Insights {

    /** Patterns and stages listed. */
    static final int TOP = 10;

    private final JdbcTemplate jdbc;
    private final FailurePatterns patterns;

    public Insights(JdbcTemplate jdbc, FailurePatterns patterns) {
        this.jdbc = jdbc;
        this.patterns = patterns;
    }

    /**
     * @param window the window as the caller wrote it (ISO-8601), echoed in the report
     * @param from   start of the window, inclusive
     * @param to     end of the window, inclusive
     */
    public record Report(String window, OffsetDateTime from, OffsetDateTime to, List<RoleStats> roles,
            AutoFix autoFix, List<PatternStats> failurePatterns, List<StageStats> slowestStages) {
    }

    /** Finished steps of a role ({@code hub:<runner>} for the hub's own steps). Rate null when none finished. */
    public record RoleStats(String role, long steps, long succeeded, long failed,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double successRate) {
    }

    /**
     * Fix attempts: each reflection is one, succeeded when the re-run after it passed. The rate is over
     * the decided attempts (pending ones are still running), null when none is decided.
     */
    public record AutoFix(long attempts, long succeeded, long failed, long pending,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double successRate) {
    }

    /** {@code occurrences} in the window; {@code bestFix} absent when no fix of the pattern has succeeded. */
    public record PatternStats(long id, String name, int occurrences, OffsetDateTime lastSeen, BestFix bestFix) {
    }

    /** A reflection whose fix worked: its diagnosis and lesson, and its text (both, as it reads). */
    public record BestFix(long memoryId, String diagnosis, String lesson, String text) {
    }

    /** Durations in seconds of a workflow step's runs (last attempt of each) that finished in the window. */
    public record StageStats(String stepId, long runs, double averageSeconds, double p95Seconds, double maxSeconds) {
    }

    /** The report for the window ending now. */
    public Report over(String windowText, Duration window) {
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime from = to.minus(window);
        return new Report(windowText, from, to, roles(from, to), autoFix(from, to), failurePatterns(from),
                slowestStages(from, to));
    }

    private List<RoleStats> roles(OffsetDateTime from, OffsetDateTime to) {
        return jdbc.query("""
                select role, count(*) as steps,
                       count(*) filter (where status = 'DONE') as succeeded,
                       count(*) filter (where status = 'FAILED') as failed
                  from step_runs
                 where status in ('DONE', 'FAILED') and finished_at between ? and ?
                 group by role
                 order by role
                """, (rs, i) -> new RoleStats(rs.getString("role"), rs.getLong("steps"), rs.getLong("succeeded"),
                rs.getLong("failed"), rate(rs.getLong("succeeded"), rs.getLong("steps"))), from, to);
    }

    private AutoFix autoFix(OffsetDateTime from, OffsetDateTime to) {
        return jdbc.queryForObject("""
                select count(*) as attempts,
                       count(*) filter (where outcome = 'SUCCEEDED') as succeeded,
                       count(*) filter (where outcome = 'FAILED') as failed,
                       count(*) filter (where outcome = 'PENDING') as pending
                  from memories
                 where kind = 'REFLECTION' and created_at between ? and ?
                """, (rs, i) -> new AutoFix(rs.getLong("attempts"), rs.getLong("succeeded"), rs.getLong("failed"),
                rs.getLong("pending"), rate(rs.getLong("succeeded"), rs.getLong("succeeded") + rs.getLong("failed"))),
                from, to);
    }

    private List<PatternStats> failurePatterns(OffsetDateTime from) {
        return patterns.mostCommon(from, TOP).stream()
                .map(p -> new PatternStats(p.id(), p.name(), p.occurrences(), p.lastSeen(),
                        patterns.bestFix(p.id())
                                .map(fix -> new BestFix(fix.id(), fix.diagnosis(), fix.lesson(), fix.text()))
                                .orElse(null)))
                .toList();
    }

    private List<StageStats> slowestStages(OffsetDateTime from, OffsetDateTime to) {
        return jdbc.query("""
                select step_id, count(*) as runs, avg(seconds) as average, max(seconds) as longest,
                       percentile_cont(0.95) within group (order by seconds) as p95
                  from (select step_id, extract(epoch from finished_at - started_at)::float8 as seconds
                          from step_runs
                         where status in ('DONE', 'FAILED') and started_at is not null
                           and finished_at between ? and ?) runs
                 group by step_id
                 order by average desc, step_id
                 limit ?
                """, (rs, i) -> new StageStats(rs.getString("step_id"), rs.getLong("runs"),
                round(rs.getDouble("average")), round(rs.getDouble("p95")), round(rs.getDouble("longest"))),
                from, to, TOP);
    }

    /** A share rounded to 4 places, or null when there is nothing to divide by. */
    private static Double rate(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
