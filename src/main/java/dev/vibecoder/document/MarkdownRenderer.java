package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Renders a document as Markdown, driven by its schema: section titles come from the schema's
 * {@code title}s and in its order, strings marked {@code contentMediaType: text/x-mermaid} become
 * Mermaid blocks, lists of {@code {path, content}} become files, lists of flat objects become
 * tables. Fields a model added beyond the schema are rendered after the known ones, so nothing a
 * document holds is hidden.
 */
@Component
public class MarkdownRenderer {

    private static final Map<String, String> FENCE_BY_MEDIA_TYPE = Map.of(
            "text/x-mermaid", "mermaid", "text/x-dockerfile", "dockerfile", "text/x-yaml", "yaml");
    private static final Map<String, String> FENCE_BY_EXTENSION = Map.ofEntries(
            Map.entry("py", "python"), Map.entry("java", "java"), Map.entry("js", "javascript"),
            Map.entry("ts", "typescript"), Map.entry("go", "go"), Map.entry("rs", "rust"), Map.entry("rb", "ruby"),
            Map.entry("sh", "bash"), Map.entry("yaml", "yaml"), Map.entry("yml", "yaml"), Map.entry("json", "json"),
            Map.entry("md", "markdown"), Map.entry("toml", "toml"), Map.entry("xml", "xml"), Map.entry("html", "html"),
            Map.entry("css", "css"), Map.entry("sql", "sql"), Map.entry("txt", "text"), Map.entry("cfg", "ini"));

    /** Heading information shown above the content. */
    public record Header(String title, List<String> facts) {
    }

    public String render(DocumentType type, JsonNode content, Header header) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(header.title()).append("\n\n");
        if (!header.facts().isEmpty()) {
            md.append("> ").append(String.join(" · ", header.facts())).append("\n\n");
        }
        JsonNode properties = type.schemaNode().path("properties");
        for (String field : orderedFields(properties, content)) {
            JsonNode value = content.get(field);
            if (value == null || value.isNull() || (value.isContainerNode() && value.isEmpty())
                    || (value.isTextual() && value.asText().isBlank())) {
                continue;
            }
            JsonNode fieldSchema = properties.path(field);
            md.append("## ").append(fieldSchema.path("title").asText(humanize(field))).append("\n\n");
            renderValue(md, value, fieldSchema);
            md.append("\n");
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static Set<String> orderedFields(JsonNode properties, JsonNode content) {
        Set<String> fields = new LinkedHashSet<>();
        properties.fieldNames().forEachRemaining(fields::add);
        content.fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    private void renderValue(StringBuilder md, JsonNode value, JsonNode schema) {
        if (value.isTextual()) {
            String fence = FENCE_BY_MEDIA_TYPE.get(schema.path("contentMediaType").asText());
            if (fence != null) {
                fenced(md, fence, value.asText());
            } else {
                md.append(value.asText().strip()).append("\n");
            }
        } else if (value.isArray()) {
            renderArray(md, value, schema.path("items"));
        } else if (value.isObject()) {
            renderObject(md, value, schema, 3);
        } else {
            md.append(value.asText()).append("\n");
        }
    }

    private void renderArray(StringBuilder md, JsonNode array, JsonNode itemSchema) {
        JsonNode first = array.get(0);
        if (!first.isObject()) {
            for (JsonNode item : array) {
                md.append("- ").append(inline(item)).append("\n");
            }
        } else if (first.has("path") && first.has("content")) {
            for (JsonNode file : array) {
                String path = file.path("path").asText();
                md.append("### `").append(path).append("`\n\n");
                fenced(md, fenceFor(path), file.path("content").asText());
                md.append("\n");
            }
        } else if (allFlat(array)) {
            table(md, array, itemSchema);
        } else {
            for (JsonNode item : array) {
                renderObject(md, item, itemSchema, 3);
            }
        }
    }

    private void renderObject(StringBuilder md, JsonNode object, JsonNode schema, int level) {
        JsonNode properties = schema.path("properties");
        Iterator<String> names = orderedFields(properties, object).iterator();
        String headingField = names.hasNext() ? names.next() : null;
        if (headingField != null && object.path(headingField).isValueNode()) {
            md.append("#".repeat(level)).append(' ').append(object.path(headingField).asText()).append("\n\n");
        } else {
            headingField = null;
        }
        for (String field : orderedFields(properties, object)) {
            if (field.equals(headingField) || !object.has(field)) {
                continue;
            }
            JsonNode value = object.get(field);
            String label = properties.path(field).path("title").asText(humanize(field));
            if (value.isArray()) {
                md.append("**").append(label).append(":**\n\n");
                if (!value.isEmpty()) {
                    renderArray(md, value, properties.path(field).path("items"));
                }
                md.append("\n");
            } else {
                md.append("**").append(label).append(":** ").append(inline(value)).append("\n\n");
            }
        }
    }

    private static void table(StringBuilder md, JsonNode array, JsonNode itemSchema) {
        List<String> columns = new ArrayList<>(orderedFields(itemSchema.path("properties"), array.get(0)));
        for (JsonNode item : array) {
            item.fieldNames().forEachRemaining(f -> {
                if (!columns.contains(f)) {
                    columns.add(f);
                }
            });
        }
        JsonNode props = itemSchema.path("properties");
        md.append('|');
        columns.forEach(c -> md.append(' ').append(props.path(c).path("title").asText(humanize(c))).append(" |"));
        md.append("\n|");
        columns.forEach(c -> md.append(" --- |"));
        md.append('\n');
        for (JsonNode item : array) {
            md.append('|');
            for (String c : columns) {
                JsonNode cell = item.get(c);
                md.append(' ').append(cell == null ? "" : cellText(cell)).append(" |");
            }
            md.append('\n');
        }
    }

    private static boolean allFlat(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isObject()) {
                return false;
            }
            for (JsonNode v : item) {
                if (v.isObject() || (v.isArray() && v.size() > 0 && v.get(0).isContainerNode())
                        || (v.isTextual() && v.asText().contains("\n"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String cellText(JsonNode cell) {
        // one line per item: items are often sentences, which commas would run together
        String text = cell.isArray() ? String.join("\n", textsOf(cell)) : cell.asText();
        return text.replace("|", "\\|").replace("\n", "<br>");
    }

    private static String inline(JsonNode value) {
        if (value.isArray()) {
            return joined(value);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String joined(JsonNode array) {
        return String.join(", ", textsOf(array));
    }

    private static List<String> textsOf(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.isValueNode() ? v.asText() : v.toString()));
        return parts;
    }

    private static void fenced(StringBuilder md, String language, String code) {
        // a fence longer than any backtick run inside keeps the block intact
        String fence = "```";
        while (code.contains(fence)) {
            fence += "`";
        }
        md.append(fence).append(language).append('\n').append(code.stripTrailing()).append('\n').append(fence).append('\n');
    }

    private static String fenceFor(String path) {
        int dot = path.lastIndexOf('.');
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("Dockerfile")) {
            return "dockerfile";
        }
        return dot < 0 ? "" : FENCE_BY_EXTENSION.getOrDefault(path.substring(dot + 1), "");
    }

    static String humanize(String camel) {
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
