package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vibecoder.support.ConfigFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The document types, one per {@code config/schemas/<type>.schema.json}. */
@Component
public class DocumentTypes {

    private static final String SUFFIX = ".schema.json";

    private final Map<String, DocumentType> types = new LinkedHashMap<>();

    public DocumentTypes(ConfigFiles config, ObjectMapper json) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig validatorConfig = SchemaValidatorsConfig.builder()
                .pathType(com.networknt.schema.PathType.JSON_PATH)
                .formatAssertionsEnabled(true)
                .build();
        for (Path file : config.list("schemas", SUFFIX)) {
            String id = file.getFileName().toString().replace(SUFFIX, "");
            try {
                JsonNode node = json.readTree(file.toFile());
                types.put(id, new DocumentType(id, node.path("title").asText(id), node.path("description").asText(""),
                        node, factory.getSchema(node, validatorConfig)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("config: invalid schema " + config.relative(file) + ": " + e.getMessage(), e);
            }
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("config: no document schemas under " + config.root().resolve("schemas"));
        }
    }

    public DocumentType get(String id) {
        DocumentType type = types.get(id);
        if (type == null) {
            throw new IllegalArgumentException("unknown document type '" + id + "'; known: " + types.keySet());
        }
        return type;
    }

    /** How readers know a document: its type's title and its subject, "Code of T3". */
    public String title(Document document) {
        return name(document, "");
    }

    /** How readers know one version of a document: "Product Requirements Document v2", "Code v1 of T3". */
    public String label(Document document) {
        return name(document, " v" + document.version());
    }

    private String name(Document document, String version) {
        return get(document.docType()).title() + version
                + (document.subject().isEmpty() ? "" : " of " + document.subject());
    }

    public boolean exists(String id) {
        return types.containsKey(id);
    }

    public Collection<DocumentType> all() {
        return Collections.unmodifiableCollection(types.values());
    }
}
