package dev.vibecoder.connector.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentMarkdown;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.engineering.Runner;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.ProjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.minio.MinioConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the {@code artifact-archiver} route stores for an event on the documents exchange: the
 * artifacts of the document version it names, read from the document store (the event carries only
 * the id). {@code <type>.created} writes them all; a later event about the version (awaiting,
 * approved, rejected) changes only its decision, so it writes again only the document's JSON and
 * Markdown, which show it. The keys stay the same, so nothing is added twice.
 */
@Component("artifactArchive")
public class ArtifactArchive {

    /** The exchange property the route keeps the event in, for {@link #failed}. */
    public static final String EVENT = "vibecoderEvent";

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactArchive.class);
    private static final String OUTPUT = "outputExcerpt";

    private final DocumentStore documents;
    private final DocumentMarkdown markdown;
    private final ProjectStore projects;
    private final ObjectWriter json;

    public ArtifactArchive(DocumentStore documents, DocumentMarkdown markdown, ProjectStore projects,
            ObjectMapper json) {
        this.documents = documents;
        this.markdown = markdown;
        this.projects = projects;
        // for people reading them in a browser or the MinIO console
        this.json = json.writerWithDefaultPrettyPrinter();
    }

    /**
     * The artifacts an event about a document version writes: the document as JSON and Markdown,
     * and, when the version was created, what is made of its content (a workspace's zip, a test
     * report's report and log), which no later event changes. None for a project's own events
     * ({@code project.created}, which the {@code *.created} binding lets in).
     */
    public List<Artifact> artifactsOf(FlowEvent event) {
        if (event.documentId() == null) {
            return List.of();
        }
        Document document = documents.get(event.documentId());
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(new Artifact(ArtifactKeys.document(document, "json"), write(document), Artifact.JSON));
        artifacts.add(new Artifact(ArtifactKeys.document(document, "md"),
                markdown.render(document).getBytes(StandardCharsets.UTF_8), Artifact.MARKDOWN));
        if (!event.event().equals("created")) {
            return artifacts;
        }
        if (document.docType().equals(Runner.WORKSPACE.produces())) {
            artifacts.add(new Artifact(ArtifactKeys.workspace(document), WorkspaceZip.of(document), Artifact.ZIP));
        } else if (document.docType().equals(Runner.SANDBOX.produces())) {
            // the report without its output, which is the log beside it
            ObjectNode report = document.content().deepCopy();
            JsonNode output = report.remove(OUTPUT);
            artifacts.add(new Artifact(ArtifactKeys.testReport(document, "json"), write(report), Artifact.JSON));
            artifacts.add(new Artifact(ArtifactKeys.testReport(document, "log"),
                    (output == null ? "" : output.asText()).getBytes(StandardCharsets.UTF_8), Artifact.TEXT));
        }
        return artifacts;
    }

    /**
     * An event whose artifacts could not all be stored, once its retries are spent: says why in the
     * log and in the project's timeline; the route then rejects the event to the dead letters, from
     * where it is replayed once the cause is fixed (the store is back).
     *
     * @param event the event, or null when it could not even be read
     * @param key   the artifact being written, or null when it failed before writing
     */
    public void failed(@ExchangeProperty(EVENT) FlowEvent event, @Header(MinioConstants.OBJECT_NAME) String key,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        String what = key != null ? key
                : event != null && event.documentId() != null ? event.subject() + " v" + event.version()
                : "an event's artifacts";
        String reason = reason(cause);
        LOG.warn("artifacts: {} not stored: {}; the event goes to the dead letters", what, reason);
        if (event == null || event.projectId() == null) {
            return;
        }
        try {
            projects.event(event.projectId(), "artifacts.failed", event.stepId(), what + " not stored in the artifact "
                    + "store: " + reason + "; the event waits in the dead letters, to be replayed once that is fixed");
        } catch (RuntimeException e) {
            // the database may be what failed: the dead letter and the log line above still tell
            LOG.warn("artifacts: could not record the failure in project {}'s timeline: {}", event.projectId(),
                    e.toString());
        }
    }

    /**
     * What went wrong, in the store client's words rather than Camel's wrappers: the outermost
     * exception that is not Camel's, and the innermost one's message when it adds something
     * ("ConnectException: Failed to connect to /127.0.0.1:9000 (Connection refused)").
     */
    static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        Throwable outer = failure;
        while (outer.getClass().getName().startsWith("org.apache.camel.") && outer.getCause() != null) {
            outer = outer.getCause();
        }
        Throwable root = outer;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = outer.getClass().getSimpleName() + (outer.getMessage() == null ? "" : ": " + outer.getMessage());
        return root == outer || root.getMessage() == null ? reason : reason + " (" + root.getMessage() + ")";
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
