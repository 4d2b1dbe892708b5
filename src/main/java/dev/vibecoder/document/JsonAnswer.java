package dev.vibecoder.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * Reads the JSON object out of a model's answer. Models wrap JSON in prose or Markdown fences;
 * the object from the first '{' to the last '}' is taken, or, when prose around it has braces of
 * its own, the first complete object in the text; anything else is an error the model is told
 * about when it is asked again.
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
            JsonNode embedded = firstObject(answer, json);
            if (embedded != null) {
                return new Parsed(embedded, List.of());
            }
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            return new Parsed(null, List.of("$: the answer is not valid JSON" + where + ": " + e.getOriginalMessage()));
        }
    }

    /**
     * The first complete JSON object in the text, from any '{' on, whatever follows it: for prose
     * with braces of its own around the document ("fill in {name}: {...}. Use {x} later.").
     */
    private static JsonNode firstObject(String answer, ObjectMapper json) {
        for (int from = answer.indexOf('{'); from >= 0; from = answer.indexOf('{', from + 1)) {
            try (JsonParser parser = json.createParser(answer.substring(from))) {
                JsonNode node = json.readTree(parser);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // not an object from here: try the next brace
            }
        }
        return null;
    }
}
