package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.PromptProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream documents of a request, parsed. They may come from another provider (a real model)
 * and are untrusted, so an unreadable document counts as absent and every reader of these nodes
 * copes with missing or oddly typed fields. Where a type comes more than once (the code of each
 * task), the first document stands for the type with the files of all of them.
 */
final class Inputs {

    private final Map<String, JsonNode> documents = new LinkedHashMap<>();

    Inputs(PromptProtocol.Request request, ObjectMapper json) {
        for (PromptProtocol.InputDocument input : request.inputs()) {
            JsonNode parsed = parse(json, input.json());
            JsonNode first = documents.putIfAbsent(input.type(), parsed);
            // several documents of one type (the code of each task): one view with all their files
            if (first != null && first.isObject() && parsed.path("files").isArray()) {
                ObjectNode merged = ((ObjectNode) first).deepCopy();
                ArrayNode files = merged.get("files") instanceof ArrayNode array ? array : merged.putArray("files");
                parsed.path("files").forEach(files::add);
                documents.put(input.type(), merged);
            }
        }
    }

    private static JsonNode parse(ObjectMapper json, String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : MissingNode.getInstance();
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The document of a type, or a missing node. An assembled workspace stands in for absent code. */
    JsonNode get(String type) {
        JsonNode document = documents.getOrDefault(type, MissingNode.getInstance());
        if (document.isMissingNode() && type.equals("code")) {
            return documents.getOrDefault("workspace", document);
        }
        return document;
    }

    boolean has(String type) {
        return get(type).isObject();
    }

    /** The text items of an array field, skipping anything else. */
    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual() && !item.asText().isBlank()) {
                texts.add(item.asText());
            }
        }
        return texts;
    }

    /** The file paths of a document's {@code files: [{path, content}]}. */
    static List<String> paths(JsonNode files) {
        List<String> paths = new ArrayList<>();
        for (JsonNode file : files) {
            if (file.path("path").isTextual()) {
                paths.add(file.path("path").asText());
            }
        }
        return paths;
    }

    /** The content of the first file whose path ends with the suffix, or null. */
    static String content(JsonNode files, String suffix) {
        for (JsonNode file : files) {
            if (file.path("path").asText().endsWith(suffix) && file.path("content").isTextual()) {
                return file.path("content").asText();
            }
        }
        return null;
    }
}
