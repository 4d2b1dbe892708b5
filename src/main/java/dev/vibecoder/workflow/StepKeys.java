package dev.vibecoder.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The identity of a unit of work: (project, step, the exact input versions, the decision it
 * answers). The same inputs always give the same key, so a redelivered or re-decided work order is
 * recognised; a new input version or a rejection gives a new key and so a new document version.
 */
public final class StepKeys {

    private StepKeys() {
    }

    public static String of(UUID projectId, String stepId, List<UUID> inputIds, UUID rejectedDocument) {
        StringBuilder material = new StringBuilder();
        inputIds.stream().map(UUID::toString).sorted().forEach(id -> material.append(id).append(';'));
        if (rejectedDocument != null) {
            material.append("rejected:").append(rejectedDocument);
        }
        return projectId + "/" + stepId + "/" + sha256(material.toString()).substring(0, 16);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
