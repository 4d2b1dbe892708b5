package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.PromptProtocol;
import java.util.Collection;

/** Everything a document writer needs for one request, worked out once. */
final class Context {

    private final PromptProtocol.Request request;
    private final ObjectMapper json;
    private final IdeaFacts idea;
    private final Inputs inputs;
    private final Blueprint blueprint;
    private final PythonProjectTemplate project;

    Context(PromptProtocol.Request request, ObjectMapper json) {
        this.request = request;
        this.json = json;
        this.idea = new IdeaFacts(request.idea());
        this.inputs = new Inputs(request, json);
        this.blueprint = Blueprint.resolve(idea, inputs);
        this.project = new PythonProjectTemplate(blueprint);
    }

    IdeaFacts idea() {
        return idea;
    }

    Inputs inputs() {
        return inputs;
    }

    Blueprint blueprint() {
        return blueprint;
    }

    PythonProjectTemplate project() {
        return project;
    }

    Noun entity() {
        return blueprint.entity();
    }

    Noun listField() {
        return blueprint.listField();
    }

    /** The package, which is also the command users type. */
    String pkg() {
        return blueprint.projectName();
    }

    /** What the role's memory recalled for this request, most relevant first. */
    java.util.List<PromptProtocol.RecalledMemory> memories() {
        return request.memories();
    }

    /** The task this request covers (a fan-out step's task id), or null for the whole step. */
    String item() {
        String item = request.item();
        return item == null || item.isBlank() ? null : item;
    }

    /** The reviewer's request for changes, or null when this is a first version. */
    String feedback() {
        String feedback = request.feedback();
        return feedback == null || feedback.isBlank() ? null : feedback.strip();
    }

    /** The sentence every anythingUnclear ends with when a reviewer asked for changes. */
    String feedbackSentence() {
        return feedback() == null ? ""
                : " Reviewer feedback on the previous version: \"" + feedback()
                        + "\". This version records it; the offline templates cannot reinterpret the design, so "
                        + "changes beyond that need a real model or a human edit.";
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    ArrayNode strings(Collection<String> values) {
        ArrayNode array = json.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Escapes text from other documents for a Markdown table cell. */
    static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\R", " ");
    }
}
