package dev.vibecoder.project;

import dev.vibecoder.cost.Budget;

/**
 * A project template from {@code config/templates/<id>.yaml}: a default workflow and guidance that
 * every role of a project started from it receives with its instructions.
 */
public record ProjectTemplate(String id, String description, String workflow, String language, String guidance,
        Budget budget) {
}
