package dev.vibecoder.cost;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A model call was not made because its worst-case cost would take its project over budget. The
 * step parks at the project's {@code budget} checkpoint (workflow.BudgetCheckpoint) until the budget
 * is raised or rejected.
 */
public class BudgetExceededException extends RuntimeException {

    private final UUID projectId;
    private final OffsetDateTime budgetSetAt;
    private final Needed needed;

    /** What the project would have spent and used with the refused call: a budget with room for it. */
    public record Needed(BigDecimal usd, long tokens) {
    }

    public BudgetExceededException(UUID projectId, OffsetDateTime budgetSetAt, Needed needed, String message) {
        super(message);
        this.projectId = projectId;
        this.budgetSetAt = budgetSetAt;
        this.needed = needed;
    }

    public Needed needed() {
        return needed;
    }

    /** When the budget the call was checked against was set: a later one may have room for it. */
    public OffsetDateTime budgetSetAt() {
        return budgetSetAt;
    }

    public UUID projectId() {
        return projectId;
    }
}
