package dev.vibecoder.cost;

import dev.vibecoder.support.InvalidInput;
import java.math.BigDecimal;

/**
 * What a project may spend on model calls: US dollars, tokens (input and output together), or both;
 * a null limit is no limit. Set by the start request, else the project's template, else its workflow,
 * else {@code vibecoder.budgets} (the first of these that sets one wins, whole).
 */
public record Budget(BigDecimal usd, Long tokens) {

    public static final Budget NONE = new Budget(null, null);

    public Budget {
        if (usd != null && usd.signum() <= 0) {
            throw new InvalidInput("budget.usd", "must be more than 0, was " + usd.toPlainString());
        }
        if (tokens != null && tokens <= 0) {
            throw new InvalidInput("budget.tokens", "must be more than 0, was " + tokens);
        }
    }

    /** Whether anything is limited. */
    public boolean limited() {
        return usd != null || tokens != null;
    }

    /** This budget if it limits anything, else the other. */
    public Budget orElse(Budget other) {
        return limited() || other == null ? this : other;
    }

    /** These limits, each replaced by the other's where the other sets it (a raise may set one of the two). */
    public Budget with(Budget changes) {
        return new Budget(changes.usd != null ? changes.usd : usd, changes.tokens != null ? changes.tokens : tokens);
    }
}
