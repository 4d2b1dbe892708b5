package dev.vibecoder.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** What a project's model calls used and cost, from {@code llm_calls}. */
@Repository
public class CostLedger {

    public record Usage(String role, int calls, long inputTokens, long outputTokens, BigDecimal cost) {
    }

    private final JdbcTemplate jdbc;

    public CostLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Totals per role, and a last row with role null for the whole project. */
    public List<Usage> usage(UUID projectId) {
        return jdbc.query("""
                select role, count(*) as calls, coalesce(sum(input_tokens), 0) as input_tokens,
                       coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost_usd), 0) as cost
                  from llm_calls where project_id = ?
                 group by rollup (role) order by role nulls last
                """, (rs, i) -> new Usage(rs.getString("role"), rs.getInt("calls"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getBigDecimal("cost")), projectId);
    }
}
