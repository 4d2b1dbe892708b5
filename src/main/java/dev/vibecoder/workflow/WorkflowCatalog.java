package dev.vibecoder.workflow;

import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The workflows under {@code config/workflows/}, checked at start-up: every step names a known role,
 * reads only documents that earlier steps produce, and no two steps produce the same document type.
 */
@Component
public class WorkflowCatalog {

    private final Map<String, WorkflowDefinition> workflows = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> producedBy = new HashMap<>();
    private final String defaultWorkflow;

    public WorkflowCatalog(ConfigFiles config, RoleCatalog roles,
            @Value("${vibecoder.workflow.default:software-company}") String defaultWorkflow) {
        for (Path file : config.list("workflows", ".yaml")) {
            WorkflowDefinition workflow = config.readYaml(file, WorkflowDefinition.class);
            String where = "config: " + config.relative(file) + ": ";
            String expectedId = file.getFileName().toString().replace(".yaml", "");
            if (workflow == null || !expectedId.equals(workflow.id())) {
                throw new IllegalStateException(where + "field 'id' must be '" + expectedId + "'");
            }
            if (workflow.steps() == null || workflow.steps().isEmpty()) {
                throw new IllegalStateException(where + "field 'steps' must list at least one step");
            }
            Map<String, String> produced = new LinkedHashMap<>();
            Set<String> stepIds = new HashSet<>();
            for (int i = 0; i < workflow.steps().size(); i++) {
                WorkflowDefinition.Step step = workflow.steps().get(i);
                String at = where + "steps[" + i + "]";
                if (step.id() == null || !stepIds.add(step.id())) {
                    throw new IllegalStateException(at + ".id: missing or duplicate step id '" + step.id() + "'");
                }
                if (step.role() == null || !roles.exists(step.role())) {
                    throw new IllegalStateException(at + ".role: unknown role '" + step.role() + "'; known: " + roles.ids());
                }
                for (String input : step.inputs()) {
                    if (!produced.containsKey(input)) {
                        throw new IllegalStateException(at + ".inputs: '" + input
                                + "' is not produced by an earlier step; earlier steps produce " + produced.keySet());
                    }
                }
                String output = roles.get(step.role()).produces();
                if (produced.putIfAbsent(output, step.id()) != null) {
                    throw new IllegalStateException(at + ": document type '" + output + "' is already produced by step '"
                            + produced.get(output) + "'");
                }
            }
            workflows.put(workflow.id(), workflow);
            producedBy.put(workflow.id(), produced);
        }
        if (!workflows.containsKey(defaultWorkflow)) {
            throw new IllegalStateException("vibecoder.workflow.default: no workflow '" + defaultWorkflow + "'; known: "
                    + workflows.keySet());
        }
        this.defaultWorkflow = defaultWorkflow;
    }

    public WorkflowDefinition get(String id) {
        WorkflowDefinition workflow = workflows.get(id);
        if (workflow == null) {
            throw new UnknownWorkflowException(id, workflows.keySet());
        }
        return workflow;
    }

    public boolean exists(String id) {
        return workflows.containsKey(id);
    }

    public Set<String> ids() {
        return workflows.keySet();
    }

    public String defaultWorkflow() {
        return defaultWorkflow;
    }

    /** The document types a workflow produces, in step order. */
    public Set<String> documentTypes(String workflowId) {
        get(workflowId);
        return producedBy.get(workflowId).keySet();
    }

    public static class UnknownWorkflowException extends IllegalArgumentException {
        public UnknownWorkflowException(String id, Set<String> known) {
            super("unknown workflow '" + id + "'; known: " + known);
        }
    }
}
