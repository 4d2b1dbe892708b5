package dev.vibecoder.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.cost.Budget;
import dev.vibecoder.cost.BudgetSettings;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.project.ProjectTemplates;
import dev.vibecoder.support.ConfigCopy;
import dev.vibecoder.support.ConfigFiles;
import dev.vibecoder.support.InvalidInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's budget comes from its request, else its template, else its workflow, else the configuration. */
class ProjectBudgetSourceTest {

    @TempDir
    Path config;

    private ConfigFiles files;

    @BeforeEach
    void configWithBudgets() throws IOException {
        ConfigCopy.into(config);
        Files.writeString(config.resolve("templates/prototype.yaml"), "budget: {usd: 3.5}\n", StandardOpenOption.APPEND);
        Files.writeString(config.resolve("workflows/software-company.yaml"), "budget: {tokens: 500000}\n",
                StandardOpenOption.APPEND);
        files = new ConfigFiles(config);
    }

    @Test
    void theFirstSourceThatSetsABudgetWinsWhole() {
        ProjectIntake intake = intake(new BudgetSettings(new BigDecimal("1"), null, 1.5, Duration.ofMinutes(30)));

        ProjectIntake.StartProject requested = intake.normalise(new ProjectIntake.StartProject("An idea", null,
                "prototype", "api", new Budget(null, 1000L), null));
        assertThat(requested.budget()).isEqualTo(new Budget(null, 1000L));
        assertThat(requested.budgetSource()).isEqualTo("request");

        ProjectIntake.StartProject templated = intake.normalise(new ProjectIntake.StartProject("An idea", null,
                "prototype", "api"));
        assertThat(templated.budget()).isEqualTo(new Budget(new BigDecimal("3.5"), null));
        assertThat(templated.budgetSource()).isEqualTo("template prototype");

        ProjectIntake.StartProject byWorkflow = intake.normalise(new ProjectIntake.StartProject("An idea",
                "software-company", null, "api"));
        assertThat(byWorkflow.budget()).isEqualTo(new Budget(null, 500_000L));
        assertThat(byWorkflow.budgetSource()).isEqualTo("workflow software-company");

        ProjectIntake.StartProject configured = intake.normalise(new ProjectIntake.StartProject("An idea",
                "quick-prototype", null, "api"));
        assertThat(configured.budget()).isEqualTo(new Budget(new BigDecimal("1"), null));
        assertThat(configured.budgetSource()).isEqualTo("config");
    }

    @Test
    void withoutAnyBudgetNothingIsLimited() {
        ProjectIntake intake = intake(new BudgetSettings(null, null, 1.5, Duration.ofMinutes(30)));
        assertThat(intake.normalise(new ProjectIntake.StartProject("An idea", "quick-prototype", null, "api"))
                .budget().limited()).isFalse();
    }

    @Test
    void aBudgetThatIsNotPositiveNamesItsField() {
        assertThatThrownBy(() -> new Budget(BigDecimal.ZERO, null)).isInstanceOf(InvalidInput.class)
                .hasMessage("budget.usd: must be more than 0, was 0");
        assertThatThrownBy(() -> new Budget(null, -5L)).isInstanceOf(InvalidInput.class)
                .hasMessage("budget.tokens: must be more than 0, was -5");
    }

    private ProjectIntake intake(BudgetSettings settings) {
        RoleCatalog roles = new RoleCatalog(files, new DocumentTypes(files, new ObjectMapper()));
        WorkflowCatalog workflows = new WorkflowCatalog(files, roles, "software-company",
                new ApprovalSettings(Duration.ofHours(24), TimeoutAction.REMIND, Duration.ofMinutes(1)));
        return new ProjectIntake(null, workflows, new ProjectTemplates(files), null, settings, 20000);
    }
}
