package dev.vibecoder.agent;

import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every step route does around its work, whoever does it (a role or the hub): drop work of an
 * ended project, recognise work already done, announce the document, record a failure.
 */
@Component("workSteps")
public class WorkSteps {

    /** Exchange property holding the step's document once it is stored (or found stored). */
    public static final String DOCUMENT = "vibecoderDocument";

    private static final Logger LOG = LoggerFactory.getLogger(WorkSteps.class);

    private final DocumentStore documents;
    private final ProjectStore projects;
    private final StepMemory memory;

    public WorkSteps(DocumentStore documents, ProjectStore projects, StepMemory memory) {
        this.documents = documents;
        this.projects = projects;
        this.memory = memory;
    }

    /**
     * Whether an order is still wanted: not when its project has ended (failed, or completed without
     * it). Unknown projects pass, so that the step fails them visibly.
     */
    public boolean wanted(WorkOrder order) {
        Optional<Project> project = projects.get(order.projectId());
        if (project.isPresent() && project.get().status().finished()) {
            LOG.info("dropping step {} of project {}: the project is {}", order.stepId(), order.projectId(),
                    project.get().status());
            return false;
        }
        return true;
    }

    /**
     * Finds the document this order already produced (a redelivery after a crash between storing
     * and announcing) and keeps it for {@link #announce}; otherwise marks the step started.
     */
    public void resume(WorkOrder order, Exchange exchange) {
        Optional<Document> done = documents.findByStepKey(order.stepKey());
        if (done.isPresent()) {
            exchange.setProperty(DOCUMENT, done.get());
        } else {
            projects.stepStarted(order.stepKey());
        }
    }

    /** The event for the step's document; marks the step done (again, harmlessly, on a redelivery). */
    public FlowEvent announce(Exchange exchange) {
        Document document = exchange.getProperty(DOCUMENT, Document.class);
        String what = document.docType() + (document.subject().isEmpty() ? "" : "[" + document.subject() + "]")
                + " v" + document.version();
        String how = document.llmCalls() == 0 ? "" : " (" + document.llmCalls() + " model call"
                + (document.llmCalls() == 1 ? "" : "s") + ", " + (document.inputTokens() + document.outputTokens())
                + " tokens)";
        String result = document.outcome() == null ? "" : ": " + document.outcome().name().toLowerCase();
        projects.stepDone(document.stepKey(), document.id(), what + " written by " + document.role() + how + result
                + (document.approvalState() == Document.ApprovalState.PENDING ? "; waiting for approval" : ""));
        if (document.llmCalls() > 0) {
            projects.modelAnswered(document.projectId());
        }
        return FlowEvent.document(document.projectId(), document.docType(), "created", document.id(),
                document.version(), document.stepId());
    }

    /**
     * Records why a step failed, on the step and the project, before the message goes to the dead
     * letter queue. A message that is not a work order (it failed to parse) has no project to fail.
     */
    public void fail(Exchange exchange) {
        Exception cause = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown error" : describe(cause);
        LlmCallScope scope = LlmCallScope.current();
        if (scope != null) {
            scope.close();
        }
        AgentTurn turn = exchange.getProperty(RoleProcessor.TURN, AgentTurn.class);
        Object body = exchange.getMessage().getBody();
        WorkOrder order = turn != null ? turn.order() : body instanceof WorkOrder w ? w : null;
        if (order == null) {
            LOG.error("unreadable message on {} sent to the dead letters: {}", exchange.getFromRouteId(), reason);
            return;
        }
        projects.stepFailed(order.stepKey(), order.projectId(), order.stepId(), reason);
        if (turn != null && cause instanceof StepFailedException) {
            // a role that could not give a valid answer: worth remembering; an outage is not
            memory.remember(turn, null, reason);
        }
    }

    private static String describe(Exception cause) {
        if (cause instanceof StepFailedException) {
            return cause.getMessage();
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof dev.langchain4j.exception.HttpException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof dev.langchain4j.exception.HttpException http) {
            return "the model provider answered HTTP " + http.statusCode() + ": " + abbreviate(http.getMessage());
        }
        return root.getClass().getSimpleName() + ": " + abbreviate(root.getMessage());
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
