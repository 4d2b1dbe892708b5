package dev.vibecoder.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema a role's answer must satisfy (its document type's, from {@code config/schemas/}),
 * in the forms the providers take it. The schema goes out as written (a {@link JsonRawSchema}, not
 * rebuilt from langchain4j's schema classes, which know no {@code minLength}, {@code pattern},
 * {@code minItems} ...): providers that constrain decoding get the whole contract, and the hub
 * still validates every answer against the very same schema.
 *
 * @param name   the document type id, which is also the schema's name on the wire
 * @param schema the schema without {@code $schema} and {@code $id} (identifiers for our validator,
 *               noise to a provider)
 */
public record OutputSchema(String name, ObjectNode schema) {

    /** The tool Anthropic is made to call: its input is the document. */
    public static final String TOOL_PREFIX = "write_";

    public static OutputSchema of(String documentType, JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove(List.of("$schema", "$id"));
        return new OutputSchema(documentType, copy);
    }

    /**
     * {@code response_format: json_schema} (OpenAI) and {@code format} (Ollama). Not OpenAI's strict
     * mode: it accepts only a subset of JSON Schema (every property required, no {@code minLength},
     * ...), and our schemas have optional fields and such constraints; see docs/configuration.md.
     */
    public ResponseFormat responseFormat() {
        return ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name(name).rootElement(JsonRawSchema.from(schema.toString())).build())
                .build();
    }

    /**
     * A tool whose input schema is the document's: forced with {@code tool_choice}, the model's
     * answer is the tool call's input, a document shaped by the schema. Each top-level property
     * keeps its sub-schema as written; the object's own keywords are those a tool's input takes.
     */
    public ToolSpecification tool() {
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        schema.path("properties").properties()
                .forEach(p -> parameters.addProperty(p.getKey(), JsonRawSchema.from(p.getValue().toString())));
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        parameters.required(required);
        if (schema.has("additionalProperties") && schema.get("additionalProperties").isBoolean()) {
            parameters.additionalProperties(schema.get("additionalProperties").asBoolean());
        }
        return ToolSpecification.builder().name(toolName())
                .description("Write the " + schema.path("title").asText(name) + ". "
                        + schema.path("description").asText(""))
                .parameters(parameters.build()).build();
    }

    public String toolName() {
        return TOOL_PREFIX + name.replace('-', '_');
    }
}
