package dev.vibecoder.workflow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a document may wait for a human at a checkpoint (or after its fix loop gave up) and what
 * happens then. A workflow step's {@code approval} overrides the first two for its documents.
 *
 * @param timeout       how long a document waits before {@code onTimeout}
 * @param onTimeout     remind (once per timeout period), approve or reject
 * @param sweepInterval how often the waiting documents are checked
 */
@ConfigurationProperties("vibecoder.approvals")
public record ApprovalSettings(
        @DefaultValue("PT24H") Duration timeout,
        @DefaultValue("remind") TimeoutAction onTimeout,
        @DefaultValue("PT1M") Duration sweepInterval) {

    public ApprovalSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("vibecoder.approvals.timeout must be positive, not " + timeout);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("vibecoder.approvals.sweep-interval must be positive, not "
                    + sweepInterval);
        }
    }

    /** The policy of documents whose step sets none of its own. */
    public CheckpointTimeouts.Policy defaults() {
        return new CheckpointTimeouts.Policy(timeout, onTimeout);
    }
}
