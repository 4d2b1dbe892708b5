package dev.vibecoder.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A check beyond what a JSON Schema can say (a task graph without cycles, ...). Problems are
 * reported like schema errors: by field, back to the role that wrote the document, which is asked
 * again.
 */
public interface DocumentCheck {

    String docType();

    /** The problems of a schema-valid document, each naming its field; empty when there are none. */
    List<String> problems(JsonNode content);
}
