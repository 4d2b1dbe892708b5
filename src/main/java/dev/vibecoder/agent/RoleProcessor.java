package dev.vibecoder.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.vibecoder.agent.llm.RoleModels;
import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentCheck;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.document.JsonAnswer;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.project.ProjectTemplates;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * A role's turn on a work order, in the order the role route calls it: {@link #begin} assembles the
 * role's working memory (the input documents and what its memory recalls), {@link #review} accepts
 * each model answer or asks again with what is wrong with it, {@link #store} keeps the accepted
 * document and {@link #remember} the experience. ({@link WorkSteps} does what every step route
 * does around that.)
 */
@Component("roleProcessor")
public class RoleProcessor {

    /** Exchange property holding the {@link AgentTurn} while the route loops. */
    public static final String TURN = "vibecoderTurn";

    private final RoleCatalog roles;
    private final DocumentTypes types;
    private final DocumentStore documents;
    private final ProjectStore projects;
    private final ProjectTemplates templates;
    private final RoleModels models;
    private final PromptAssembler prompts;
    private final List<DocumentCheck> checks;
    private final StepMemory recall;
    private final ObjectMapper json;

    public RoleProcessor(RoleCatalog roles, DocumentTypes types, DocumentStore documents, ProjectStore projects,
            ProjectTemplates templates, RoleModels models, PromptAssembler prompts, List<DocumentCheck> checks,
            StepMemory recall, ObjectMapper json) {
        this.roles = roles;
        this.types = types;
        this.documents = documents;
        this.projects = projects;
        this.templates = templates;
        this.models = models;
        this.prompts = prompts;
        this.checks = checks;
        this.recall = recall;
        this.json = json;
    }

    /** Starts the role's turn: its prompt from the idea, the input documents and what it remembers. */
    public void begin(WorkOrder order, Exchange exchange) {
        if (order.role() == null || !roles.exists(order.role())) {
            throw new StepFailedException("work order names unknown role '" + order.role() + "'");
        }
        Project project = projects.get(order.projectId())
                .orElseThrow(() -> new StepFailedException("project " + order.projectId() + " does not exist"));
        RoleDefinition role = roles.get(order.role());
        DocumentType type = types.get(role.produces());
        List<Document> inputs = order.inputIds().stream().map(documents::get).toList();
        projects.event(project.id(), "step.started", order.stepId(), role.name() + " is writing the " + type.title()
                + (order.subject().isEmpty() ? "" : " of " + order.subject()));
        StepMemory.Recollection recalled = recall.forStep(project, order, role, type, inputs);
        RoleModels.Binding model = models.forTask(role.id(), taskFiles(order, inputs));
        PromptAssembler.Prompt prompt = prompts.compose(role, type, order, project.idea(), inputs,
                recalled.memories(), project.template() == null ? null : templates.get(project.template()),
                model.limits());
        if (!prompt.cuts().isEmpty()) {
            projects.event(project.id(), "step.fitted", order.stepId(), "the prompt was cut to fit the "
                    + model.limits().contextWindow() + "-token context window of " + model.model() + ": "
                    + String.join("; ", prompt.cuts()));
        }
        AgentTurn turn = new AgentTurn(order, role, type, order.inputIds(), prompt.messages(), recalled.task());
        LlmCallScope.open(project.id(), role.id(), order.stepKey(), model.provider(), model.model(), model.smallTask());
        exchange.setProperty(TURN, turn);
    }

    /** How many files the order's task lists (its subject, in the task breakdown among its inputs); 0: not a task. */
    static int taskFiles(WorkOrder order, List<Document> inputs) {
        if (order.subject().isEmpty()) {
            return 0;
        }
        return inputs.stream().filter(input -> input.docType().equals("task-breakdown")).findFirst()
                .map(breakdown -> taskFiles(breakdown.content(), order.subject())).orElse(0);
    }

    /** The files a task of a task breakdown lists; 0 when the breakdown has no such task. */
    static int taskFiles(JsonNode breakdown, String taskId) {
        for (JsonNode task : breakdown.path("tasks")) {
            if (taskId.equals(task.path("id").asText())) {
                return task.path("files").size();
            }
        }
        return 0;
    }

    /** Accepts a valid answer, or adds a re-ask to the conversation; gives up after the role's re-asks. */
    public void review(String answer, Exchange exchange) {
        AgentTurn turn = exchange.getProperty(TURN, AgentTurn.class);
        LlmCallScope scope = LlmCallScope.current();
        if (scope != null) {
            scope.takeNotes().forEach(note -> projects.event(turn.order().projectId(), "step.truncated",
                    turn.order().stepId(), note));
        }
        JsonAnswer.Parsed parsed = JsonAnswer.parse(answer, json);
        List<String> errors = parsed.ok() ? problems(turn.type(), parsed) : parsed.errors();
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

    /** Schema errors first; the document's own checks (a task graph without cycles, ...) once those pass. */
    private List<String> problems(DocumentType type, JsonAnswer.Parsed parsed) {
        List<String> problems = new ArrayList<>(type.validate(parsed.content()));
        if (problems.isEmpty()) {
            checks.stream().filter(c -> c.docType().equals(type.id()))
                    .forEach(c -> problems.addAll(c.problems(parsed.content())));
        }
        return problems;
    }

    /** Stores the accepted content as the step's document version. */
    public void store(Exchange exchange) {
        AgentTurn turn = exchange.getProperty(TURN, AgentTurn.class);
        WorkOrder order = turn.order();
        LlmCallScope scope = LlmCallScope.current();
        RoleModels.Binding model = models.of(order.role());
        try {
            Document document = documents.store(new Document.Draft(order.projectId(), turn.type().id(),
                    order.subject(), order.stepId(), order.stepKey(), turn.inputIds(), order.role(),
                    model.provider(), scope != null ? scope.model() : model.model(), turn.accepted(),
                    scope != null ? scope.inputTokens() : 0, scope != null ? scope.outputTokens() : 0,
                    // every call made, a cut-off answer's too
                    scope != null ? scope.calls() : turn.calls(),
                    null, order.approvalRequired() ? Document.ApprovalState.PENDING : Document.ApprovalState.NOT_REQUIRED));
            exchange.setProperty(WorkSteps.DOCUMENT, document);
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** Remembers how the step went (an experience), for later steps like it. */
    public void remember(Exchange exchange) {
        AgentTurn turn = exchange.getProperty(TURN, AgentTurn.class);
        recall.remember(turn, exchange.getProperty(WorkSteps.DOCUMENT, Document.class), null);
    }
}
