package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;

/**
 * A kind of document (PRD, system design, ...) with the JSON Schema its content must satisfy.
 *
 * @param id     the type id, also the routing key prefix of its events ({@code prd.created})
 * @param schemaNode the schema as written under {@code config/schemas/}, used for rendering and prompts
 */
public record DocumentType(String id, String title, String description, JsonNode schemaNode, JsonSchema schema) {

    /**
     * Validates content against the schema. Each message names the failing field by its JSON path,
     * e.g. {@code $.userStories[0].story: must be at least 1 characters long}.
     */
    public List<String> validate(JsonNode content) {
        return schema.validate(content).stream()
                .map(ValidationMessage::getMessage)
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
