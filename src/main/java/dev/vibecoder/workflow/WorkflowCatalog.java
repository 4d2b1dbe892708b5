package dev.vibecoder.workflow;

import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.engineering.Runner;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The workflows under {@code config/workflows/}, checked at start-up: every step names a known role,
 * reads only documents that earlier steps produce, no two steps produce the same document type, and
 * checkpoint timeouts are readable and set only where a document can wait for a decision. Each
 * step's timeout policy is resolved here, once, over {@code vibecoder.approvals}.
 */
@Component
public class WorkflowCatalog {

    private final Map<String, WorkflowDefinition> workflows = new LinkedHashMap<>();
    private final RoleCatalog roles;
    private final Map<String, Map<String, String>> producedBy = new HashMap<>();
    /** The timeout policies of the steps that set their own, by workflow and step. */
    private final Map<String, Map<String, CheckpointTimeouts.Policy>> timeoutPolicies = new HashMap<>();
    private final CheckpointTimeouts.Policy defaultTimeoutPolicy;
    private final String defaultWorkflow;

    public WorkflowCatalog(ConfigFiles config, RoleCatalog roles,
            @Value("${vibecoder.workflow.default:software-company}") String defaultWorkflow,
            ApprovalSettings approvals) {
        this.roles = roles;
        this.defaultTimeoutPolicy = approvals.defaults();
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
            Map<String, CheckpointTimeouts.Policy> policies = new HashMap<>();
            Set<String> stepIds = new HashSet<>();
            Set<String> fixOutputs = new HashSet<>();
            for (int i = 0; i < workflow.steps().size(); i++) {
                WorkflowDefinition.Step step = workflow.steps().get(i);
                String at = where + "steps[" + i + "]";
                if (step.id() == null || !stepIds.add(step.id())) {
                    throw new IllegalStateException(at + ".id: missing or duplicate step id '" + step.id() + "'");
                }
                if ((step.role() == null) == (step.runner() == null)) {
                    throw new IllegalStateException(at + ": give exactly one of 'role' and 'runner'");
                }
                if (step.role() != null && !roles.exists(step.role())) {
                    throw new IllegalStateException(at + ".role: unknown role '" + step.role() + "'; known: " + roles.ids());
                }
                if (step.runner() != null && !Runner.exists(step.runner())) {
                    throw new IllegalStateException(at + ".runner: unknown runner '" + step.runner() + "'; known: "
                            + java.util.Arrays.stream(Runner.values()).map(Runner::id).toList());
                }
                for (String input : step.inputs()) {
                    requireEarlier(produced, input, at + ".inputs");
                }
                for (String input : step.after()) {
                    requireEarlier(produced, input, at + ".after");
                }
                if (step.fanOut() != null) {
                    if (!step.fansOutTasks() || step.role() == null) {
                        throw new IllegalStateException(at + ".fan-out: only 'tasks' is supported, on a role step");
                    }
                    if (!step.inputs().contains("task-breakdown")) {
                        throw new IllegalStateException(at + ".inputs: a step that fans out tasks reads 'task-breakdown'");
                    }
                    if (step.concurrencyLimit() < 1) {
                        throw new IllegalStateException(at + ".concurrency: must be at least 1");
                    }
                }
                if (step.fix() != null) {
                    if (step.runner() == null) {
                        throw new IllegalStateException(at + ".fix: only hub steps (runner) have a fix loop");
                    }
                    if (step.fix().role() == null || !roles.exists(step.fix().role())) {
                        throw new IllegalStateException(at + ".fix.role: unknown role '" + step.fix().role() + "'");
                    }
                    if (step.fix().attempts() < 1 || step.fix().attempts() > 10) {
                        throw new IllegalStateException(at + ".fix.max-attempts: must be between 1 and 10");
                    }
                    fixOutputs.add(roles.get(step.fix().role()).produces());
                }
                if (step.approval() != null) {
                    policies.put(step.id(), timeoutPolicy(step, at, defaultTimeoutPolicy));
                }
                String output = step.role() != null ? roles.get(step.role()).produces() : Runner.of(step.runner()).produces();
                if (produced.putIfAbsent(output, step.id()) != null) {
                    throw new IllegalStateException(at + ": document type '" + output + "' is already produced by step '"
                            + produced.get(output) + "'");
                }
            }
            for (int i = 0; i < workflow.steps().size(); i++) {
                for (String revision : workflow.steps().get(i).revisions()) {
                    if (!fixOutputs.contains(revision)) {
                        throw new IllegalStateException(where + "steps[" + i + "].revisions: '" + revision
                                + "' is not written by any fix loop of this workflow");
                    }
                }
            }
            if (workflow.revisionStep() != null) {
                WorkflowDefinition.Step revised = workflow.steps().stream()
                        .filter(s -> s.id().equals(workflow.revisionStep())).findFirst()
                        .orElseThrow(() -> new IllegalStateException(where + "revision-step: no step '"
                                + workflow.revisionStep() + "'"));
                if (revised.role() == null || revised.fansOutTasks()) {
                    throw new IllegalStateException(where + "revision-step: '" + revised.id()
                            + "' must be a role step that writes one document");
                }
            }
            workflows.put(workflow.id(), workflow);
            producedBy.put(workflow.id(), produced);
            timeoutPolicies.put(workflow.id(), policies);
        }
        if (!workflows.containsKey(defaultWorkflow)) {
            throw new IllegalStateException("vibecoder.workflow.default: no workflow '" + defaultWorkflow + "'; known: "
                    + workflows.keySet());
        }
        this.defaultWorkflow = defaultWorkflow;
    }

    /**
     * A step's own checkpoint timeout over the defaults, field by field: only where a document can
     * wait for a human, and readable.
     */
    private static CheckpointTimeouts.Policy timeoutPolicy(WorkflowDefinition.Step step, String at,
            CheckpointTimeouts.Policy defaults) {
        if (!step.needsApproval() && step.fix() == null) {
            throw new IllegalStateException(at + ".approval: only a checkpoint (checkpoint: true) or a step with a"
                    + " fix loop has documents waiting for a decision");
        }
        Duration timeout = defaults.timeout();
        if (step.approval().timeout() != null) {
            try {
                timeout = CheckpointTimeouts.Policy.parseTimeout(step.approval().timeout());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + ".approval.timeout: " + e.getMessage());
            }
        }
        TimeoutAction onTimeout = defaults.onTimeout();
        if (step.approval().onTimeout() != null) {
            try {
                onTimeout = TimeoutAction.parse(step.approval().onTimeout());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + ".approval.on-timeout: " + e.getMessage());
            }
        }
        return new CheckpointTimeouts.Policy(timeout, onTimeout);
    }

    private static void requireEarlier(Map<String, String> produced, String type, String at) {
        if (!produced.containsKey(type)) {
            throw new IllegalStateException(at + ": '" + type + "' is not produced by an earlier step; earlier steps produce "
                    + produced.keySet());
        }
    }

    /** The document type a step produces. */
    public String produces(WorkflowDefinition.Step step) {
        return step.role() != null ? roles.get(step.role()).produces() : Runner.of(step.runner()).produces();
    }

    public WorkflowDefinition get(String id) {
        WorkflowDefinition workflow = workflows.get(id);
        if (workflow == null) {
            throw new UnknownWorkflowException(id, workflows.keySet());
        }
        return workflow;
    }

    /**
     * How long a workflow step's documents may wait for a decision, and what then: the step's own
     * {@code approval}, else {@code vibecoder.approvals}. Also the defaults for a workflow whose file
     * was removed while a project of it waits: that project still deserves its timeout.
     */
    public CheckpointTimeouts.Policy timeoutPolicy(String workflowId, String stepId) {
        return timeoutPolicies.getOrDefault(workflowId, Map.of()).getOrDefault(stepId, defaultTimeoutPolicy);
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
