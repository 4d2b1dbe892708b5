package dev.vibecoder.agent;

import dev.vibecoder.agent.llm.ModelFaultSettings;
import dev.vibecoder.agent.llm.ModelUnavailableException;
import dev.vibecoder.broker.Outbox;
import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.project.ProjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parks a step whose model provider is unavailable ({@link ModelUnavailableException}) instead of
 * failing it: the project waits for the model ({@code WAITING_FOR_MODEL}) and the work order goes
 * back to the outbox, to be published again after {@code vibecoder.llm.faults.park-delay}. By then
 * the provider's circuit lets probes through: if it answers, the step runs and the project goes on;
 * if not, the step is parked again without a call to the provider. Nothing is dead-lettered and no
 * stored step runs again (the step ledger still skips finished steps).
 */
@Component("modelOutages")
public class ModelOutages {

    private static final Logger LOG = LoggerFactory.getLogger(ModelOutages.class);

    private final ProjectStore projects;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final ModelFaultSettings settings;
    private final MeterRegistry metrics;

    public ModelOutages(ProjectStore projects, Outbox outbox, TransactionTemplate transaction,
            ModelFaultSettings settings, MeterRegistry metrics) {
        this.projects = projects;
        this.outbox = outbox;
        this.transaction = transaction;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** The step's order comes back after the park delay; its project waits for the model meanwhile. */
    public void park(Exchange exchange) {
        Exception caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        ModelUnavailableException cause = unavailable(caught);
        LlmCallScope scope = LlmCallScope.current();
        if (scope != null) {
            scope.close();
        }
        AgentTurn turn = exchange.getProperty(RoleProcessor.TURN, AgentTurn.class);
        WorkOrder order = turn != null ? turn.order()
                : exchange.getMessage().getBody() instanceof WorkOrder w ? w : null;
        if (order == null) {
            throw new IllegalStateException("a step waiting for its model has no work order", caught);
        }
        String reason = cause != null ? cause.getMessage() : String.valueOf(caught);
        transaction.executeWithoutResult(status -> {
            projects.stepWaitingForModel(order.stepKey(), order.projectId(), order.stepId(), reason);
            outbox.workOrderAfter(order, settings.parkDelay());
        });
        Counter.builder("vibecoder.llm.parked.steps")
                .description("Steps parked because their model provider was unavailable")
                .tag("provider", cause != null ? cause.provider() : "unknown").register(metrics).increment();
        LOG.info("step {} of project {} parked for {}: {}", order.stepId(), order.projectId(), settings.parkDelay(),
                reason);
    }

    private static ModelUnavailableException unavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ModelUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }
}
