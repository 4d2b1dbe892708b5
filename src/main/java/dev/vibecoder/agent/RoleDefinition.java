package dev.vibecoder.agent;

/**
 * A role agent as configured in {@code config/roles/<id>.yaml}.
 *
 * @param produces    the document type this role writes
 * @param profile     who the role is (the system prompt's opening)
 * @param instructions what the role must pay attention to
 * @param maxReasks   how often an invalid answer is sent back with its validation errors
 * @param concurrency consumers of this role's queue (null: the broker default)
 */
public record RoleDefinition(
        String id,
        String name,
        String produces,
        String profile,
        String instructions,
        Integer maxReasks,
        Integer concurrency) {

    public int reasks() {
        return maxReasks == null ? 2 : maxReasks;
    }
}
