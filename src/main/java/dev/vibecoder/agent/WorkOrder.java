package dev.vibecoder.agent;

import java.util.List;
import java.util.UUID;

/**
 * The message on a role queue: write the document of one workflow step from these input versions.
 * It carries references, never document bodies (claim check): the role reads the inputs from the
 * store.
 *
 * @param subject what part of the step this order covers (a task id of a fan-out step), else ""
 * @param role the role that does the work, or null when the hub does it
 * @param runner the hub step that does the work (workflow.Runner id), or null for a role
 * @param stepKey identity of (project, step, input versions): the idempotency key of the work
 * @param feedback a reviewer's reason for asking for a new version, or null
 * @param approvalRequired whether the document waits for a human decision before it is used
 */
public record WorkOrder(
        UUID projectId,
        String workflow,
        String stepId,
        String subject,
        String role,
        String runner,
        String stepKey,
        List<UUID> inputIds,
        String feedback,
        boolean approvalRequired) {
}
