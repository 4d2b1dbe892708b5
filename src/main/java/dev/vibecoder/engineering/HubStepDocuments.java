package dev.vibecoder.engineering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.agent.WorkSteps;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** What the hub's own steps share: reading a work order's inputs, and storing their result. */
@Component
public class HubStepDocuments {

    private final DocumentStore documents;
    private final DocumentTypes types;

    public HubStepDocuments(DocumentStore documents, DocumentTypes types) {
        this.documents = documents;
        this.types = types;
    }

    /** The order's input documents, by type (a fan-out type has several). */
    public Map<String, List<Document>> inputs(WorkOrder order) {
        return order.inputIds().stream().map(documents::get)
                .collect(Collectors.groupingBy(Document::docType, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * The fixes a tree is built with: the newest fix among these inputs and every fix before it, in
     * the order they were made (a later fix builds on the earlier ones). None when no fix is an input.
     */
    public List<Document> fixesUpTo(List<UUID> inputIds) {
        Optional<Document> newest = documents.heads(inputIds).stream().filter(d -> d.docType().equals("fix"))
                .max(Comparator.comparingInt(Document::version));
        if (newest.isEmpty()) {
            return List.of();
        }
        return documents.ofType(newest.get().projectId(), "fix").stream()
                .filter(fix -> fix.version() <= newest.get().version())
                .sorted(Comparator.comparingInt(Document::version)).toList();
    }

    /**
     * The files a test run ran on: the workspace (which has the fixes applied to the code), the test
     * plan's test files, and the fixes applied again on top of them, so that a fix to a test is not
     * undone by the test plan's own version. What a pull request publishes is this same tree.
     */
    public WorkspaceFiles testedTree(Document workspace, Document testPlan) {
        return WorkspaceFiles.ofWorkspace(workspace).withTests(testPlan).withFixes(fixesUpTo(workspace.inputIds()));
    }

    /** Validates and stores a hub step's document, and keeps it for the route's announce step. */
    public Document store(WorkOrder order, Runner runner, JsonNode content, boolean passed, Exchange exchange) {
        List<String> problems = types.get(runner.produces()).validate(content);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(runner.id() + " wrote an invalid " + runner.produces() + ": " + problems);
        }
        Document document = documents.store(new Document.Draft(order.projectId(), runner.produces(), "",
                order.stepId(), order.stepKey(), order.inputIds(), "hub", "hub", runner.id(), content, 0, 0, 0,
                passed ? Document.Outcome.PASSED : Document.Outcome.FAILED, Document.ApprovalState.NOT_REQUIRED));
        exchange.setProperty(WorkSteps.DOCUMENT, document);
        return document;
    }
}
