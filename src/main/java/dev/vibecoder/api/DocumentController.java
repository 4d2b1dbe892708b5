package dev.vibecoder.api;

import dev.vibecoder.access.AuditLog;
import dev.vibecoder.access.Caller;
import dev.vibecoder.api.ProjectViews.DecisionRequest;
import dev.vibecoder.api.ProjectViews.DocumentSummary;
import dev.vibecoder.api.ProjectViews.DocumentView;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentMarkdown;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.workflow.Approvals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A project's documents: latest or any version, as JSON or Markdown, and decisions at checkpoints. */
@RestController
@RequestMapping("/api/projects/{projectId}/documents")
@Tag(name = "Documents")
public class DocumentController {

    static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    private final DocumentStore documents;
    private final AuditLog audit;
    private final DocumentTypes types;
    private final ProjectStore projects;
    private final DocumentMarkdown markdown;
    private final ProducerTemplate camel;

    public DocumentController(DocumentStore documents, DocumentTypes types, ProjectStore projects,
            DocumentMarkdown markdown, ProducerTemplate camel, AuditLog audit) {
        this.audit = audit;
        this.documents = documents;
        this.types = types;
        this.projects = projects;
        this.markdown = markdown;
        this.camel = camel;
    }

    @GetMapping
    @Operation(summary = "The latest version of each document of the project, in the order they were made")
    public List<DocumentSummary> latest(@PathVariable UUID projectId) {
        requireProject(projectId);
        return documents.latestHeadsOfEachType(projectId).stream().map(DocumentSummary::of).toList();
    }

    @GetMapping("/history")
    @Operation(summary = "Every version of every document of the project, oldest first")
    public List<DocumentSummary> history(@PathVariable UUID projectId) {
        requireProject(projectId);
        return documents.historyHeads(projectId).stream().map(DocumentSummary::of).toList();
    }

    @GetMapping(value = "/{type}", produces = {MediaType.APPLICATION_JSON_VALUE, "text/markdown"})
    @Operation(summary = "One document: the latest version, or ?version=N; JSON, or Markdown with "
            + "?format=markdown or Accept: text/markdown; ?subject=T2 picks one task's code")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = DocumentView.class)),
            @Content(mediaType = "text/markdown")})
    public ResponseEntity<?> get(@PathVariable UUID projectId, @PathVariable String type,
            @RequestParam(required = false) Integer version, @RequestParam(defaultValue = "") String subject,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Document document = find(projectId, type, subject, version);
        boolean markdown = format != null ? parseFormat(format)
                : accept != null && accept.contains("text/markdown") && !accept.contains(MediaType.APPLICATION_JSON_VALUE);
        if (markdown) {
            return ResponseEntity.ok().contentType(MARKDOWN).body(this.markdown.render(document));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new DocumentView(DocumentSummary.of(document), document.approvalComment(), document.content()));
    }

    @PostMapping("/{type}/decision")
    @Operation(summary = "Approve or reject the latest version of a document waiting at a checkpoint",
            description = "A rejection needs a comment: the role gets it as feedback and writes a new version. "
                    + "409 when the document is not waiting for a decision.")
    public ResponseEntity<Void> decide(@PathVariable UUID projectId, @PathVariable String type,
            @RequestBody DecisionRequest request, HttpServletRequest http) {
        requireProject(projectId);
        if (!types.exists(type)) {
            throw new NotFoundException("no document type '" + type + "'");
        }
        boolean approve = switch (request.decision() == null ? "" : request.decision()) {
            case "approve" -> true;
            case "reject" -> false;
            default -> throw new InvalidInput("decision", "must be 'approve' or 'reject'");
        };
        // recorded under the caller's identity: a name in the body ("by") is not evidence of anything
        String caller = Caller.name();
        CamelCalls.unwrap(() -> camel.requestBody("direct:decide",
                new Approvals.Decision(projectId, type, null, approve, caller, request.comment())));
        audit.record(caller, "document." + (approve ? "approved" : "rejected"), projectId + "/" + type,
                request.comment(), Caller.source(http));
        return ResponseEntity.accepted().build();
    }

    private Document find(UUID projectId, String type, String subject, Integer version) {
        requireProject(projectId);
        if (!types.exists(type)) {
            throw new NotFoundException("no document type '" + type + "'; known: "
                    + types.all().stream().map(t -> t.id()).toList());
        }
        return (version == null ? documents.latest(projectId, type, subject)
                : documents.version(projectId, type, subject, version))
                .orElseThrow(() -> new NotFoundException("project " + projectId + " has no " + type
                        + (subject.isEmpty() ? "" : " of " + subject) + (version == null ? "" : " version " + version)
                        + " yet"));
    }

    private void requireProject(UUID projectId) {
        if (projects.get(projectId).isEmpty()) {
            throw new NotFoundException("no project " + projectId);
        }
    }

    private static boolean parseFormat(String format) {
        return switch (format) {
            case "markdown", "md" -> true;
            case "json" -> false;
            default -> throw new InvalidInput("format", "must be 'json' or 'markdown'");
        };
    }
}
