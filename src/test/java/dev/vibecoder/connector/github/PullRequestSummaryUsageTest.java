package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibecoder.cost.CostLedger;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The usage line of the GitHub progress comment and pull request: estimated figures are said to be. */
class PullRequestSummaryUsageTest {

    @Test
    void usageCountedByTheProviderIsShownAsIs() {
        CostLedger.Usage counted = new CostLedger.Usage(null, 3, 1, 0, 1000, 200, new BigDecimal("0.012345"));

        assertThat(PullRequestSummary.usage(counted))
                .isEqualTo("3 model calls · 1,200 tokens (1,000 in, 200 out) · $0.0123");
    }

    @Test
    void usageWithEstimatedCallsSaysHowManyWereEstimated() {
        CostLedger.Usage partlyEstimated = new CostLedger.Usage(null, 3, 0, 2, 1000, 200, new BigDecimal("0.012345"));

        assertThat(PullRequestSummary.usage(partlyEstimated)).isEqualTo(
                "3 model calls · 1,200 tokens (1,000 in, 200 out) · $0.0123 (estimated for 2 calls without token counts)");
    }
}
