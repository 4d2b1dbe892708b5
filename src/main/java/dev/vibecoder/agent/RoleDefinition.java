package dev.vibecoder.agent;

import java.util.Map;

/**
 * A role agent as configured in {@code config/roles/<id>.yaml}.
 *
 * @param produces    the document type this role writes
 * @param profile     who the role is (the system prompt's opening)
 * @param instructions what the role must pay attention to
 * @param maxReasks   how often an invalid answer is sent back with its validation errors
 * @param concurrency consumers of this role's queue (null: the broker default)
 * @param models      the model this role uses, by provider ({@code openai: gpt-4.1}); a provider not
 *                    listed uses its configured default, and {@code vibecoder.llm.roles.<id>.model}
 *                    overrides both
 * @param smallTasks  a model for the role's small tasks (fan-out work orders whose task lists few files)
 */
public record RoleDefinition(
        String id,
        String name,
        String produces,
        String profile,
        String instructions,
        Integer maxReasks,
        Integer concurrency,
        Map<String, String> models,
        SmallTasks smallTasks) {

    /**
     * The cheaper model of a role's small tasks: a task listing at most {@code maxFiles} files gets
     * {@code models[provider]} (same provider as the role) instead of the role's model.
     */
    public record SmallTasks(Integer maxFiles, Map<String, String> models) {
        public SmallTasks {
            if (maxFiles == null || maxFiles < 1) {
                throw new IllegalArgumentException("small-tasks.max-files must be at least 1, was " + maxFiles);
            }
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    public RoleDefinition {
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    public int reasks() {
        return maxReasks == null ? 2 : maxReasks;
    }
}
