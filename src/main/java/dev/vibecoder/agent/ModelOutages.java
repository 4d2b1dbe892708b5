package dev.vibecoder.agent;

import dev.vibecoder.agent.llm.ModelFaultSettings;
import dev.vibecoder.agent.llm.ProviderGuards;
import dev.vibecoder.agent.llm.RoleModels;
import dev.vibecoder.agent.llm.ModelUnavailableException;
import dev.vibecoder.broker.Outbox;
import dev.vibecoder.project.ProjectStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parks a step whose model provider is unavailable ({@link ModelUnavailableException}) instead of
 * failing it: the project waits for the model ({@code WAITING_FOR_MODEL}) and the work order goes
 * back to the outbox, to be published again after {@code vibecoder.llm.faults.park-delay}, or as
 * soon as the provider's circuit lets probes through (half-open) or closes again: then the parked
 * orders of its roles are released at once. A probe that fails parks its step again; one that
 * succeeds closes the circuit and the rest follow. Nothing is dead-lettered and no stored step runs
 * again (the step ledger still skips finished steps).
 */
@Component("modelOutages")
public class ModelOutages {

    private static final Logger LOG = LoggerFactory.getLogger(ModelOutages.class);

    private final ProjectStore projects;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final ModelFaultSettings settings;
    private final MeterRegistry metrics;
    private final ProviderGuards guards;
    private final Map<String, List<String>> rolesByProvider = new HashMap<>();

    public ModelOutages(ProjectStore projects, Outbox outbox, TransactionTemplate transaction,
            ModelFaultSettings settings, MeterRegistry metrics, RoleModels models, ProviderGuards guards) {
        this.projects = projects;
        this.outbox = outbox;
        this.transaction = transaction;
        this.settings = settings;
        this.metrics = metrics;
        this.guards = guards;
        for (RoleModels.Binding binding : models.all()) {
            rolesByProvider.computeIfAbsent(binding.provider(), p -> new ArrayList<>()).add(binding.role());
        }
        rolesByProvider.forEach((provider, roles) -> guards.circuitBreaker(provider).ifPresent(circuit -> circuit
                .getEventPublisher().onStateTransition(event -> {
                    CircuitBreaker.State to = event.getStateTransition().getToState();
                    if (to == CircuitBreaker.State.HALF_OPEN || to == CircuitBreaker.State.CLOSED) {
                        release(provider, roles);
                    }
                })));
    }

    private void release(String provider, List<String> roles) {
        try {
            int released = outbox.releaseWorkOrders(roles);
            if (released > 0) {
                LOG.info("{} may answer again: {} parked step(s) of {} released", provider, released, roles);
            }
        } catch (RuntimeException e) {
            // the park delay brings them back anyway
            LOG.warn("could not release the steps parked for {}: {}", provider, e.toString());
        }
    }

    /** The step's order comes back when its provider may answer again; its project waits for the model meanwhile. */
    public void park(Exchange exchange) {
        StoppedStep stopped = StoppedStep.of(exchange);
        WorkOrder order = stopped.order();
        Exception caught = stopped.caught();
        ModelUnavailableException cause = stopped.cause(ModelUnavailableException.class);
        String reason = cause != null ? cause.getMessage() : String.valueOf(caught);
        transaction.executeWithoutResult(status -> {
            projects.stepWaitingForModel(order.stepKey(), order.projectId(), order.stepId(), reason);
            outbox.workOrderAfter(order, settings.parkDelay());
        });
        if (cause != null && cause.refusedByCircuit() && guards.circuitBreaker(cause.provider())
                .map(circuit -> circuit.getState() == CircuitBreaker.State.CLOSED).orElse(false)) {
            // refused while a probe was out, which has closed the circuit since: its release came too early for this one
            release(cause.provider(), rolesByProvider.getOrDefault(cause.provider(), List.of()));
        }
        Counter.builder("vibecoder.llm.parked.steps")
                .description("Steps parked because their model provider was unavailable")
                .tag("provider", cause != null ? cause.provider() : "unknown").register(metrics).increment();
        LOG.info("step {} of project {} parked for {}: {}", order.stepId(), order.projectId(), settings.parkDelay(),
                reason);
    }
}
