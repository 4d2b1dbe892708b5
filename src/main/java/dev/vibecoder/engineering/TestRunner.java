package dev.vibecoder.engineering;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.StepFailedException;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.document.Document;
import dev.vibecoder.sandbox.ProjectToolchain;
import dev.vibecoder.sandbox.SandboxResult;
import dev.vibecoder.sandbox.TestRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The {@code sandbox} hub step: runs the project's tests (the workspace, the test plan's test files
 * and the fixes so far) in the sandbox with the test plan's command, and reports the result as a
 * test-report document: passed only when tests ran and none failed.
 */
@Component("testRunner")
public class TestRunner {

    private final HubStepDocuments documents;
    private final Workspaces workspaces;
    private final ProjectToolchain toolchain;
    private final ObjectMapper json;

    public TestRunner(HubStepDocuments documents, Workspaces workspaces, ProjectToolchain toolchain,
            ObjectMapper json) {
        this.documents = documents;
        this.workspaces = workspaces;
        this.toolchain = toolchain;
        this.json = json;
    }

    public Document run(WorkOrder order, Exchange exchange) throws IOException {
        Map<String, List<Document>> inputs = documents.inputs(order);
        Document workspace = single(inputs, "workspace");
        Document testPlan = single(inputs, "test-plan");
        WorkspaceFiles tree = documents.testedTree(workspace, testPlan);
        String language = tree.language();
        if (!ProjectToolchain.supports(language)) {
            throw new StepFailedException("the sandbox cannot run tests of a " + language + " project; supported: "
                    + ProjectToolchain.LANGUAGES);
        }
        String command = testPlan.content().path("testCommand").asText(null);
        TestRun run = workspaces.inSandbox(order, tree, dir -> toolchain.test(dir, language, command));

        SandboxResult result = run.result();
        boolean green = run.green();
        String status = green ? "passed"
                : result.outcome() == SandboxResult.Outcome.COMPLETED && run.passed() + run.failed() + run.errors() > 0
                        ? "failed" : "error";
        ObjectNode content = json.createObjectNode();
        content.put("status", status);
        content.put("command", run.command());
        content.put("sandboxOutcome", result.outcome().name());
        content.put("exitCode", result.exitCode());
        content.put("passed", run.passed());
        content.put("failed", run.failed());
        content.put("errors", run.errors());
        content.put("skipped", run.skipped());
        content.put("durationMs", result.durationMs());
        // already cut to vibecoder.sandbox.output-limit-bytes, head and tail kept
        content.put("outputExcerpt", result.output());
        content.put("workspaceVersion", workspace.version());
        return documents.store(order, Runner.SANDBOX, content, green, exchange);
    }

    private static Document single(Map<String, List<Document>> inputs, String type) {
        List<Document> found = inputs.getOrDefault(type, List.of());
        if (found.size() != 1) {
            throw new StepFailedException("the test run needs exactly one " + type + " input, got " + found.size());
        }
        return found.get(0);
    }
}
