package dev.vibecoder.engineering;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.document.Document;
import dev.vibecoder.sandbox.Compilation;
import dev.vibecoder.sandbox.ProjectToolchain;
import dev.vibecoder.sandbox.SandboxResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The {@code workspace} hub step: puts the code of every task and the fixes so far together into one
 * file tree, and checks it before QA sees it: every non-test file of the design's file list exists,
 * and the tree compiles (byte-compiles, for Python) in the sandbox. A failed check goes to the fix
 * loop like a failed test run. Each assembly is a new version of the workspace document.
 */
@Component("workspaceAssembler")
public class WorkspaceAssembler {

    private final HubStepDocuments documents;
    private final Workspaces workspaces;
    private final ProjectToolchain toolchain;
    private final ObjectMapper json;

    public WorkspaceAssembler(HubStepDocuments documents, Workspaces workspaces, ProjectToolchain toolchain,
            ObjectMapper json) {
        this.documents = documents;
        this.workspaces = workspaces;
        this.toolchain = toolchain;
        this.json = json;
    }

    public Document run(WorkOrder order, Exchange exchange) throws IOException {
        Map<String, List<Document>> inputs = documents.inputs(order);
        List<Document> code = inputs.getOrDefault("code", List.of());
        WorkspaceFiles tree = WorkspaceFiles.of(code).withFixes(documents.fixesUpTo(order.inputIds()));

        List<String> missing = new ArrayList<>();
        for (Document design : inputs.getOrDefault("system-design", List.of())) {
            design.content().path("fileList").forEach(f -> {
                String path = f.asText();
                // test files are QA's: they join the tree when the tests run
                if (!WorkspaceFiles.isTest(path) && !tree.contains(path) && !missing.contains(path)) {
                    missing.add(path);
                }
            });
        }
        String language = tree.language();
        String command;
        String output;
        boolean compiled;
        if (ProjectToolchain.supports(language)) {
            Compilation compilation = workspaces.inSandbox(order, tree, dir -> toolchain.compile(dir, language));
            SandboxResult result = compilation.result();
            command = compilation.command();
            compiled = compilation.succeeded();
            output = result.output()
                    + (compiled ? "" : "\n[" + result.outcome() + ", exit code " + result.exitCode() + "]");
        } else {
            command = "";
            compiled = true;
            output = "no compiler check for language '" + language + "': only the file list was checked";
        }
        if (!missing.isEmpty()) {
            output = "missing from the design's file list: " + String.join(", ", missing)
                    + (output.isBlank() ? "" : "\n" + output);
        }

        ObjectNode content = json.createObjectNode();
        content.put("language", language);
        ArrayNode files = content.putArray("files");
        for (WorkspaceFiles.File file : tree.files()) {
            files.addObject().put("path", file.path()).put("content", file.content()).put("source", file.source());
        }
        ObjectNode check = content.putObject("check");
        boolean passed = missing.isEmpty() && compiled;
        check.put("passed", passed);
        ArrayNode missingFiles = check.putArray("missingFiles");
        missing.forEach(missingFiles::add);
        check.put("command", command);
        check.put("output", output);
        return documents.store(order, Runner.WORKSPACE, content, passed, exchange);
    }
}
