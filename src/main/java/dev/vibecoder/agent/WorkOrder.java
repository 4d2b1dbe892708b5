package dev.vibecoder.agent;

import java.util.List;
import java.util.UUID;

/**
 * The message on a role queue: write the document of one workflow step from these input versions.
 * It carries references, never document bodies (claim check): the role reads the inputs from the
 * store.
 *
 * @param stepKey identity of (project, step, input versions): the idempotency key of the work
 * @param feedback a reviewer's reason for asking for a new version, or null
 * @param approvalRequired whether the document waits for a human decision before it is used
 */
public record WorkOrder(
        UUID projectId,
        String workflow,
        String stepId,
        String role,
        String stepKey,
        List<UUID> inputIds,
        String feedback,
        boolean approvalRequired) {
}
