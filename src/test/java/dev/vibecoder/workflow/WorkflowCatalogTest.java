package dev.vibecoder.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.support.ConfigCopy;
import dev.vibecoder.support.ConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows are data; a broken file stops the start with the file and the field at fault. */
class WorkflowCatalogTest {

    private static final ApprovalSettings DEFAULTS = new ApprovalSettings(Duration.ofHours(24), TimeoutAction.REMIND,
            Duration.ofMinutes(1));

    @TempDir
    Path config;

    @Test
    void theShippedWorkflowsLoad() {
        WorkflowCatalog catalog = catalog(Path.of("config"));
        assertThat(catalog.ids()).contains("software-company", "quick-prototype", "reviewed-software-company");
        assertThat(catalog.documentTypes("software-company")).containsExactly("prd", "system-design", "api-spec",
                "task-breakdown", "code", "workspace", "test-plan", "test-report", "deployment-guide", "user-docs");
        assertThat(catalog.documentTypes("quick-prototype")).containsExactly("prd", "task-breakdown", "code", "user-docs");
    }

    @Test
    void anInputNoEarlierStepProducesIsRejected() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: design
                    role: architect
                    inputs: [prd]
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage(
                "config: workflows/bad.yaml: steps[0].inputs: 'prd' is not produced by an earlier step; earlier steps produce []");
    }

    @Test
    void anUnknownRoleIsRejected() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: sing
                    role: bard
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessageStartingWith(
                "config: workflows/bad.yaml: steps[0].role: unknown role 'bard'; known: [");
    }

    @Test
    void twoStepsProducingTheSameTypeAreRejected() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: one
                    role: product-manager
                  - id: two
                    role: product-manager
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage(
                "config: workflows/bad.yaml: steps[1]: document type 'prd' is already produced by step 'one'");
    }

    @Test
    void aFanOutStepMustReadTheTaskBreakdown() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: requirements
                    role: product-manager
                  - id: implementation
                    role: engineer
                    inputs: [prd]
                    fan-out: tasks
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage(
                "config: workflows/bad.yaml: steps[1].inputs: a step that fans out tasks reads 'task-breakdown'");
    }

    @Test
    void revisionsMustComeFromAFixLoopAndFixLoopsBelongToHubSteps() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: requirements
                    role: product-manager
                    revisions: [fix]
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage(
                "config: workflows/bad.yaml: steps[0].revisions: 'fix' is not written by any fix loop of this workflow");
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: requirements
                    role: product-manager
                    fix: {role: fixer}
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage(
                "config: workflows/bad.yaml: steps[0].fix: only hub steps (runner) have a fix loop");
    }

    @Test
    void aStepsOwnCheckpointTimeoutMustBeReadableAndWhereADocumentCanWait() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: requirements
                    role: product-manager
                    approval: {timeout: 4h}
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage("config: workflows/bad.yaml: steps[0].approval: only a"
                + " checkpoint (checkpoint: true) or a step with a fix loop has documents waiting for a decision");
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: requirements
                    role: product-manager
                    checkpoint: true
                    approval: {timeout: soon}
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage("config: workflows/bad.yaml: steps[0].approval.timeout:"
                + " 'soon' is not a duration such as 4h, 30m or PT4H");
        Files.writeString(config.resolve("workflows/bad.yaml"), """
                id: bad
                steps:
                  - id: requirements
                    role: product-manager
                    checkpoint: true
                    approval: {timeout: 4h, on-timeout: escalate}
                """);
        assertThatThrownBy(() -> catalog(config)).hasMessage("config: workflows/bad.yaml: steps[0].approval.on-timeout:"
                + " 'escalate' is not an action; known: remind, approve, reject");
    }

    @Test
    void aStepsOwnCheckpointTimeoutOverridesTheDefaultsFieldByField() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/timed.yaml"), """
                id: timed
                steps:
                  - id: requirements
                    role: product-manager
                    checkpoint: true
                    approval: {timeout: 90m}
                  - id: design
                    role: architect
                    inputs: [prd]
                    checkpoint: true
                    approval: {on-timeout: approve}
                  - id: planning
                    role: project-manager
                    inputs: [prd, system-design]
                    checkpoint: true
                """);
        WorkflowCatalog catalog = catalog(config);
        assertThat(catalog.timeoutPolicy("timed", "requirements"))
                .isEqualTo(new CheckpointTimeouts.Policy(Duration.ofMinutes(90), TimeoutAction.REMIND));
        assertThat(catalog.timeoutPolicy("timed", "design"))
                .isEqualTo(new CheckpointTimeouts.Policy(Duration.ofHours(24), TimeoutAction.APPROVE));
        assertThat(catalog.timeoutPolicy("timed", "planning")).isEqualTo(DEFAULTS.defaults());
        // a workflow whose file was removed while a project of it waits: the defaults
        assertThat(catalog.timeoutPolicy("removed", "requirements")).isEqualTo(DEFAULTS.defaults());
    }

    @Test
    void aFileWhoseIdDiffersFromItsNameIsRejected() throws IOException {
        copyConfig();
        Files.writeString(config.resolve("workflows/bad.yaml"), "id: other\nsteps: []\n");
        assertThatThrownBy(() -> catalog(config)).hasMessage("config: workflows/bad.yaml: field 'id' must be 'bad'");
    }

    private static WorkflowCatalog catalog(Path root) {
        ConfigFiles files = new ConfigFiles(root);
        RoleCatalog roles = new RoleCatalog(files, new DocumentTypes(files, new ObjectMapper()));
        return new WorkflowCatalog(files, roles, "software-company", DEFAULTS);
    }

    private void copyConfig() {
        ConfigCopy.into(config);
    }
}
