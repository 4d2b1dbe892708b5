package dev.vibecoder.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.cost.BudgetSettings;
import dev.vibecoder.cost.LlmCallScope;
import dev.vibecoder.cost.PriceList;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.support.ConfigCopy;
import dev.vibecoder.support.ConfigFiles;
import dev.vibecoder.support.HubProcess;
import dev.vibecoder.support.ScriptedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A role file chooses its model per provider, and a cheaper one for its small tasks; the operator's choice wins. */
class RoleModelChoiceTest {

    @TempDir
    Path config;

    private ConfigFiles files;

    @BeforeEach
    void engineerWithASmallTaskModel() throws IOException {
        ConfigCopy.into(config);
        String engineer = Files.readString(config.resolve("roles/engineer.yaml"))
                .replaceAll("(?ms)^models:.*?(?=^\\S)|^small-tasks:.*?(?=^\\S|\\z)", "");
        Files.writeString(config.resolve("roles/engineer.yaml"), engineer + """
                models: {scripted: scripted-large, openai: gpt-4.1}
                small-tasks:
                  max-files: 1
                  models: {scripted: scripted-small}
                """);
        files = new ConfigFiles(config);
    }

    @Test
    void smallTasksGoToTheSmallModelAndTheRestToTheRolesModel() {
        RoleModels models = models(Map.of());
        assertThat(models.of("engineer").model()).isEqualTo("scripted-large");
        assertThat(models.forTask("engineer", 1).model()).isEqualTo("scripted-small");
        assertThat(models.forTask("engineer", 1).smallTask()).isTrue();
        assertThat(models.forTask("engineer", 2).model()).isEqualTo("scripted-large");
        // not a task (a fix, a re-planned step): the role's model
        assertThat(models.forTask("engineer", 0).model()).isEqualTo("scripted-large");
        // a role without a choice of its own takes the provider's default
        assertThat(models.of("architect").model()).isEqualTo("scripted-offline");
        assertThat(models.forTask("architect", 1).model()).isEqualTo("scripted-offline");
        assertThat(models.routeModel("engineer")).isInstanceOf(SizedChatModel.class);
    }

    @Test
    void theOperatorsModelOverridesTheRoleFileAndItsSmallTasks() {
        RoleModels models = models(Map.of("engineer", new LlmProperties.RoleModel(null, "scripted-chosen", null)));
        assertThat(models.of("engineer").model()).isEqualTo("scripted-chosen");
        assertThat(models.forTask("engineer", 1).model()).isEqualTo("scripted-chosen");
    }

    @Test
    void theRouteModelAsksTheModelTheStepWasGiven() {
        ChatModel usual = answering("usual");
        ChatModel small = answering("small");
        SizedChatModel sized = new SizedChatModel(usual, small);
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hello")).build();
        assertThat(sized.chat(request).aiMessage().text()).isEqualTo("usual");
        LlmCallScope scope = LlmCallScope.open(UUID.randomUUID(), "engineer", "k", "scripted", "scripted-small", true);
        try {
            assertThat(sized.chat(request).aiMessage().text()).isEqualTo("small");
        } finally {
            scope.close();
        }
    }

    private static ChatModel answering(String text) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
            }
        };
    }

    private RoleModels models(Map<String, LlmProperties.RoleModel> overrides) {
        DocumentTypes types = new DocumentTypes(files, new ObjectMapper());
        JdbcTemplate jdbc = HubProcess.testDatabase();
        BudgetSettings budgets = new BudgetSettings(null, null, 1.5, Duration.ofMinutes(30));
        ModelFaultSettings faults = new ModelFaultSettings(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(60), 8,
                Duration.ofMinutes(5), 50, 20, 10, Duration.ofSeconds(60), 2, Duration.ofSeconds(60));
        return new RoleModels(new LlmProperties(ScriptedProvider.NAME, null, null, null, null, overrides),
                new RoleCatalog(files, types), List.of(new ScriptedProvider()), List.of(),
                new ProviderGuards(faults, new SimpleMeterRegistry()), types, new ModelLimits(files),
                new ProjectBudgets(jdbc, new DataSourceTransactionManager(jdbc.getDataSource()), budgets),
                new PriceList(files), budgets);
    }
}
