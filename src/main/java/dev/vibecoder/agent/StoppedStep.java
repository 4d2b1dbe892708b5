package dev.vibecoder.agent;

import dev.vibecoder.cost.LlmCallScope;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * A step a role route's error handler parks rather than fails (its model is unavailable, its budget
 * is spent): the work order to send again later and the exception that stopped it. Taking it ends
 * the step's model-call scope, as the step ends here.
 */
public record StoppedStep(WorkOrder order, Exception caught) {

    public static StoppedStep of(Exchange exchange) {
        Exception caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        LlmCallScope scope = LlmCallScope.current();
        if (scope != null) {
            scope.close();
        }
        AgentTurn turn = exchange.getProperty(RoleProcessor.TURN, AgentTurn.class);
        WorkOrder order = turn != null ? turn.order()
                : exchange.getMessage().getBody() instanceof WorkOrder w ? w : null;
        if (order == null) {
            throw new IllegalStateException("a stopped step has no work order", caught);
        }
        return new StoppedStep(order, caught);
    }

    /** The first exception of this type in the chain of causes, or null. */
    public <T extends Throwable> T cause(Class<T> type) {
        for (Throwable cause = caught; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
