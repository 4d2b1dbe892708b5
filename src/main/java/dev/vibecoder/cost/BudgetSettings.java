package dev.vibecoder.cost;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Budgets of projects whose request, template and workflow set none, and how calls are checked
 * against a budget.
 *
 * @param defaultUsd      US dollars a project may spend, or null for no limit
 * @param defaultTokens   tokens (input and output) a project may use, or null for no limit
 * @param inputMargin     the hub counts a prompt's tokens as characters / 4; real tokenizers count
 *                        code and non-English text higher, so a call's input is reserved at this
 *                        multiple of the estimate (its output at the call's whole output limit)
 * @param reservationTtl  how long a call's reservation holds when its hub died before releasing it
 */
@ConfigurationProperties("vibecoder.budgets")
public record BudgetSettings(
        BigDecimal defaultUsd,
        Long defaultTokens,
        @DefaultValue("1.5") double inputMargin,
        @DefaultValue("PT30M") Duration reservationTtl) {

    public BudgetSettings {
        if (inputMargin < 1) {
            throw new IllegalArgumentException("vibecoder.budgets.input-margin must be at least 1, not " + inputMargin);
        }
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("vibecoder.budgets.reservation-ttl must be positive, not "
                    + reservationTtl);
        }
        if (defaultUsd != null && defaultUsd.signum() <= 0) {
            throw new IllegalArgumentException("vibecoder.budgets.default-usd must be more than 0, not " + defaultUsd);
        }
        if (defaultTokens != null && defaultTokens <= 0) {
            throw new IllegalArgumentException("vibecoder.budgets.default-tokens must be more than 0, not "
                    + defaultTokens);
        }
    }

    public Budget defaults() {
        return new Budget(defaultUsd, defaultTokens);
    }
}
