package dev.vibecoder.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** What a project's model calls used and cost, from {@code llm_calls}. */
@Repository
public class CostLedger {

    /**
     * What calls used: of one role, or of the whole project (role null). {@code calls} are the
     * answered ones, which alone carry tokens and cost; {@code failedCalls} the tries that failed
     * (a 429, 5xx, reset or timeout, retried or not), which are recorded without tokens;
     * {@code estimatedCalls} the answered ones whose provider reported no token counts, booked with the
     * hub's estimate instead, so their tokens and cost are approximate.
     */
    public record Usage(String role, int calls, int failedCalls, int estimatedCalls, long inputTokens,
            long outputTokens, BigDecimal cost) {

        /** Whether some of these tokens and cost are the hub's estimate rather than the provider's counts. */
        @JsonProperty("estimated")
        public boolean estimated() {
            return estimatedCalls > 0;
        }
    }

    /** What one role's calls to one model used: the spend table of the API and the progress comment. */
    public record ModelSpend(String role, String model, int calls, int failedCalls, long inputTokens,
            long outputTokens, BigDecimal cost, boolean estimated) {
    }

    private final JdbcTemplate jdbc;

    public CostLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The whole project's calls, tokens and cost (role null): zeros when it made none. */
    public Usage total(UUID projectId) {
        return jdbc.queryForObject("""
                select count(*) filter (where outcome = 'answered') as calls,
                       count(*) filter (where outcome <> 'answered') as failed_calls,
                       count(*) filter (where outcome = 'answered' and estimated) as estimated_calls,
                       coalesce(sum(input_tokens), 0) as input_tokens,
                       coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost_usd), 0) as cost
                  from llm_calls where project_id = ?
                """, (rs, i) -> usage(rs, null), projectId);
    }

    /** Totals per role, by role. */
    public List<Usage> byRole(UUID projectId) {
        return jdbc.query("""
                select role, count(*) filter (where outcome = 'answered') as calls,
                       count(*) filter (where outcome <> 'answered') as failed_calls,
                       count(*) filter (where outcome = 'answered' and estimated) as estimated_calls,
                       coalesce(sum(input_tokens), 0) as input_tokens,
                       coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost_usd), 0) as cost
                  from llm_calls where project_id = ?
                 group by role order by role
                """, (rs, i) -> usage(rs, rs.getString("role")), projectId);
    }

    /** Spend per role and model (the model as the provider reported it), by role then model. */
    public List<ModelSpend> byModel(UUID projectId) {
        return jdbc.query("""
                select role, model, count(*) filter (where outcome = 'answered') as calls,
                       count(*) filter (where outcome <> 'answered') as failed_calls,
                       bool_or(estimated) as estimated,
                       coalesce(sum(input_tokens), 0) as input_tokens,
                       coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost_usd), 0) as cost
                  from llm_calls where project_id = ?
                 group by role, model order by role, model
                """, (rs, i) -> new ModelSpend(rs.getString("role"), rs.getString("model"), rs.getInt("calls"),
                rs.getInt("failed_calls"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getBigDecimal("cost"), rs.getBoolean("estimated")), projectId);
    }

    private static Usage usage(ResultSet rs, String role) throws SQLException {
        return new Usage(role, rs.getInt("calls"), rs.getInt("failed_calls"), rs.getInt("estimated_calls"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getBigDecimal("cost"));
    }
}
