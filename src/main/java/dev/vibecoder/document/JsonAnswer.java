package dev.vibecoder.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Reads the JSON object out of a model's answer. Models wrap JSON in prose or Markdown fences;
 * the object from the first '{' to the last '}' is taken, anything else is an error the model is
 * told about when it is asked again.
 */
public final class JsonAnswer {

    private JsonAnswer() {
    }

    /** The parsed object, or the problems found, as a message the model can act on. */
    public record Parsed(JsonNode content, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public static Parsed parse(String answer, ObjectMapper json) {
        if (answer == null || answer.isBlank()) {
            return new Parsed(null, List.of("$: the answer was empty; expected one JSON object"));
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            return new Parsed(null, List.of("$: the answer contains no JSON object"));
        }
        try {
            JsonNode node = json.readTree(answer.substring(start, end + 1));
            if (!node.isObject()) {
                return new Parsed(null, List.of("$: expected a JSON object"));
            }
            return new Parsed(node, List.of());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            return new Parsed(null, List.of("$: the answer is not valid JSON" + where + ": " + e.getOriginalMessage()));
        }
    }
}
