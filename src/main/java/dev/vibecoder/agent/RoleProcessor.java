package dev.vibecoder.agent;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.agent.llm.RoleModels;
import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.document.JsonAnswer;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.project.ProjectTemplates;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of a role route, in order: {@link #begin} a turn (or find the step already done),
 * {@link #review} each model answer (accept it, or ask again with the validation errors),
 * {@link #store} the accepted document, {@link #announce} it. {@link #fail} records why a step
 * could not finish.
 */
@Component("roleProcessor")
public class RoleProcessor {

    /** Exchange property holding the {@link AgentTurn} while the route loops. */
    public static final String TURN = "vibecoderTurn";
    /** Exchange property holding the stored document once the step is done. */
    public static final String DOCUMENT = "vibecoderDocument";

    private static final Logger LOG = LoggerFactory.getLogger(RoleProcessor.class);

    private final RoleCatalog roles;
    private final DocumentTypes types;
    private final DocumentStore documents;
    private final ProjectStore projects;
    private final ProjectTemplates templates;
    private final RoleModels models;
    private final PromptAssembler prompts;
    private final ObjectMapper json;

    public RoleProcessor(RoleCatalog roles, DocumentTypes types, DocumentStore documents, ProjectStore projects,
            ProjectTemplates templates, RoleModels models, PromptAssembler prompts, ObjectMapper json) {
        this.roles = roles;
        this.types = types;
        this.documents = documents;
        this.projects = projects;
        this.templates = templates;
        this.models = models;
        this.prompts = prompts;
        this.json = json;
    }

    /**
     * Whether an order is still wanted: not when its project has ended (failed, or completed without
     * it). Unknown projects pass, so that {@link #begin} fails them visibly.
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
     * Starts work on an order. When the step's document already exists (a redelivery after a crash
     * between storing and announcing) the turn is skipped and the stored document is announced again.
     */
    public void begin(WorkOrder order, Exchange exchange) {
        if (!roles.exists(order.role())) {
            throw new StepFailedException("work order names unknown role '" + order.role() + "'");
        }
        Optional<Document> done = documents.findByStepKey(order.stepKey());
        if (done.isPresent()) {
            exchange.setProperty(DOCUMENT, done.get());
            return;
        }
        Project project = projects.get(order.projectId())
                .orElseThrow(() -> new StepFailedException("project " + order.projectId() + " does not exist"));
        RoleDefinition role = roles.get(order.role());
        DocumentType type = types.get(role.produces());
        List<Document> inputs = order.inputIds().stream().map(documents::get).toList();
        projects.stepStarted(order.stepKey());
        projects.event(project.id(), "step.started", order.stepId(), role.name() + " is writing the " + type.title());
        AgentTurn turn = new AgentTurn(order, role, type, order.inputIds(), prompts.compose(role, type, order.stepId(),
                project.idea(), inputs, order.feedback(),
                project.template() == null ? null : templates.get(project.template())));
        RoleModels.Binding model = models.of(role.id());
        LlmCallScope.open(project.id(), role.id(), order.stepKey(), model.provider(), model.model());
        exchange.setProperty(TURN, turn);
    }

    /** Accepts a valid answer, or adds a re-ask to the conversation; gives up after the role's re-asks. */
    public void review(String answer, Exchange exchange) {
        AgentTurn turn = exchange.getProperty(TURN, AgentTurn.class);
        JsonAnswer.Parsed parsed = JsonAnswer.parse(answer, json);
        List<String> errors = parsed.ok() ? turn.type().validate(parsed.content()) : parsed.errors();
        if (errors.isEmpty()) {
            turn.accept(parsed.content());
            return;
        }
        int answers = turn.calls() + 1;
        WorkOrder order = turn.order();
        if (answers > turn.role().reasks()) {
            throw new StepFailedException(turn.role().name() + " gave no valid " + turn.type().id() + " document in "
                    + answers + " answers; last problems: " + String.join("; ", errors.stream().limit(5).toList()));
        }
        projects.event(order.projectId(), "step.reask", order.stepId(), "answer " + answers + " was invalid ("
                + errors.get(0) + (errors.size() > 1 ? " and " + (errors.size() - 1) + " more" : "") + "); asking again");
        turn.answered(AiMessage.from(answer == null ? "" : answer), UserMessage.from(prompts.reask(errors)), errors);
    }

    /** Stores the accepted content as the step's document version. */
    public void store(Exchange exchange) {
        AgentTurn turn = exchange.getProperty(TURN, AgentTurn.class);
        WorkOrder order = turn.order();
        LlmCallScope scope = LlmCallScope.current();
        RoleModels.Binding model = models.of(order.role());
        try {
            Document document = documents.store(new Document.Draft(order.projectId(), turn.type().id(),
                    order.stepId(), order.stepKey(), turn.inputIds(), order.role(),
                    model.provider(), scope != null ? scope.model() : model.model(), turn.accepted(),
                    scope != null ? scope.inputTokens() : 0, scope != null ? scope.outputTokens() : 0, turn.calls(),
                    order.approvalRequired() ? Document.ApprovalState.PENDING : Document.ApprovalState.NOT_REQUIRED));
            exchange.setProperty(DOCUMENT, document);
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** The event for the step's document; marks the step done (again, harmlessly, on a redelivery). */
    public FlowEvent announce(Exchange exchange) {
        Document document = exchange.getProperty(DOCUMENT, Document.class);
        projects.stepDone(document.stepKey(), document.id(), document.docType() + " v" + document.version()
                + " written by " + document.role() + " (" + document.llmCalls() + " model call"
                + (document.llmCalls() == 1 ? "" : "s") + ", " + (document.inputTokens() + document.outputTokens())
                + " tokens)" + (document.approvalState() == Document.ApprovalState.PENDING ? "; waiting for approval" : ""));
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
        Object body = exchange.getMessage().getBody();
        AgentTurn turn = exchange.getProperty(TURN, AgentTurn.class);
        WorkOrder order = turn != null ? turn.order() : body instanceof WorkOrder w ? w : null;
        if (order == null) {
            LOG.error("unreadable message on {} sent to the dead letters: {}", exchange.getFromRouteId(), reason);
            return;
        }
        projects.stepFailed(order.stepKey(), order.projectId(), order.stepId(), reason);
    }

    private static String describe(Exception cause) {
        if (cause instanceof StepFailedException) {
            return cause.getMessage();
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof HttpException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof HttpException http) {
            return "the model provider answered HTTP " + http.statusCode() + ": " + abbreviate(http.getMessage());
        }
        return root.getClass().getSimpleName() + ": " + abbreviate(root.getMessage());
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
