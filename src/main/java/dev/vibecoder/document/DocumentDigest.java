package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A document in brief, for messages read outside the hub (a Slack checkpoint): its short fields on
 * one line, then the first few of its longer ones, each cut to a sentence or two. It follows the
 * document type's schema (field order and titles), so every type, including ones added later, gets
 * a digest without code of its own.
 */
public final class DocumentDigest {

    /** One line of a digest; {@code label} is null for the line of short facts. */
    public record Line(String label, String text) {
    }

    /** Short values (names, languages, counts, states) go on the facts line. */
    private static final int SHORT = 40;
    private static final int MAX_FACTS = 5;
    private static final int TEXT = 180;

    private DocumentDigest() {
    }

    /**
     * @param idea     the project's idea, left out where a document repeats it
     * @param maxLines lines besides the facts line
     */
    public static List<Line> of(DocumentType type, JsonNode content, String idea, int maxLines) {
        List<String> facts = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        if (content == null || !content.isObject()) {
            return lines;
        }
        Iterator<Map.Entry<String, JsonNode>> properties = type.schemaNode().path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode value = content.get(property.getKey());
            String title = property.getValue().path("title").asText(property.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isValueNode()) {
                String text = value.asText().strip();
                if (text.isEmpty() || (idea != null && text.equals(idea.strip()))) {
                    continue;
                }
                if (text.length() <= SHORT && !text.contains("\n")) {
                    if (facts.size() < MAX_FACTS) {
                        facts.add(title + ": " + text);
                    }
                } else if (lines.size() < maxLines) {
                    lines.add(new Line(title, brief(text)));
                }
            } else if (value.isArray() && !value.isEmpty() && lines.size() < maxLines) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    String text = itemText(item);
                    if (!text.isEmpty()) {
                        items.add(text);
                    }
                }
                if (!items.isEmpty()) {
                    lines.add(new Line(title + " (" + value.size() + ")", cut(String.join("; ", items), TEXT)));
                }
            }
        }
        if (!facts.isEmpty()) {
            lines.add(0, new Line(null, String.join(" · ", facts)));
        }
        return lines;
    }

    /** An array item as a phrase: a text, or an object's first text field. */
    private static String itemText(JsonNode item) {
        if (item.isValueNode()) {
            return oneLine(item.asText());
        }
        if (item.isObject()) {
            for (JsonNode field : item) {
                if (field.isTextual() && !field.asText().isBlank()) {
                    return oneLine(field.asText());
                }
            }
        }
        return "";
    }

    /** The first sentence, and the next ones while they stay short, on one line, cut to the limit. */
    static String brief(String text) {
        String line = oneLine(text);
        int end = -1;
        for (int stop = line.indexOf(". "); stop >= 0; stop = line.indexOf(". ", stop + 1)) {
            if (end > 0 && stop + 1 > TEXT / 2) {
                break;
            }
            end = stop + 1;
        }
        return cut(end > 0 ? line.substring(0, end) : line, TEXT);
    }

    /** A text on one line: stripped, every run of white space one space ("" for null). */
    public static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** A text of at most {@code limit} characters: cut after a word where one ends late enough, and "…" added. */
    public static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int space = text.lastIndexOf(' ', limit - 1);
        return text.substring(0, space > limit / 2 ? space : limit - 1) + "…";
    }
}
