package dev.vibecoder.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.agent.RoleDefinition;
import dev.vibecoder.cost.BudgetSettings;
import dev.vibecoder.cost.PriceList;
import dev.vibecoder.cost.ProjectBudgets;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.document.DocumentTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The chat model of every role, built once at start-up from {@code vibecoder.llm}. Role routes
 * reach theirs through the Camel registry as {@code #chatModel-<role>}. A role file may choose its
 * model per provider, and a cheaper one for its small tasks ({@code config/roles/*.yaml}). Each asks for the schema of
 * the document its role produces where the provider can (structured output), and answers only
 * whole answers ({@link AnswerGuard}) within its model's limits ({@code config/models.yaml}).
 */
@Component
public class RoleModels {

    private static final Logger LOG = LoggerFactory.getLogger(RoleModels.class);

    /** A role's resolved model. */
    public record Binding(String role, String provider, String model, ChatModel chatModel,
            ModelLimits.Limits limits, boolean smallTask) {
        public String beanName() {
            return beanName(role);
        }

        public static String beanName(String role) {
            return "chatModel-" + role;
        }
    }

    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final Map<String, Binding> smallTasks = new LinkedHashMap<>();
    private final Map<String, ChatModel> routeModels = new LinkedHashMap<>();
    private final Map<String, Integer> smallTaskFiles = new LinkedHashMap<>();
    private final List<ChatModelListener> listeners;
    private final ProviderGuards guards;
    private final ModelLimits limits;
    private final ProjectBudgets budgets;
    private final PriceList prices;
    private final BudgetSettings budgetSettings;

    public RoleModels(LlmProperties properties, RoleCatalog roles, List<ChatModelProvider> providers,
            List<ChatModelListener> listeners, ProviderGuards guards, DocumentTypes types, ModelLimits limits,
            ProjectBudgets budgets, PriceList prices, BudgetSettings budgetSettings) {
        Map<String, ChatModelProvider> byName = providers.stream()
                .collect(Collectors.toMap(ChatModelProvider::name, Function.identity()));
        String fallback = resolveDefault(properties.provider(), byName, providers);
        for (String role : properties.roles().keySet()) {
            if (!roles.exists(role)) {
                throw new IllegalStateException("vibecoder.llm.roles." + role + ": no such role; known: " + roles.ids());
            }
        }
        this.listeners = listeners;
        this.guards = guards;
        this.limits = limits;
        this.budgets = budgets;
        this.prices = prices;
        this.budgetSettings = budgetSettings;
        for (RoleDefinition role : roles.all()) {
            LlmProperties.RoleModel override = properties.roles().get(role.id());
            String providerName = override != null && override.provider() != null ? override.provider() : fallback;
            ChatModelProvider provider = byName.get(providerName);
            if (provider == null) {
                throw new IllegalStateException("vibecoder.llm.roles." + role.id() + ".provider: unknown provider '"
                        + providerName + "'; known: " + byName.keySet());
            }
            // the operator's choice (vibecoder.llm.roles), else the role file's for this provider, else the provider's
            boolean chosenByOperator = override != null && override.model() != null;
            String model = chosenByOperator ? override.model()
                    : role.models().getOrDefault(provider.name(), provider.defaultModel());
            DocumentType produces = types.get(role.produces());
            Binding main = bind(role, provider, model, override, produces, false);
            bindings.put(role.id(), main);
            String small = role.smallTasks() == null || chosenByOperator ? null
                    : role.smallTasks().models().get(provider.name());
            ChatModel routeModel = main.chatModel();
            if (small != null) {
                Binding smallBinding = bind(role, provider, small, override, produces, true);
                smallTasks.put(role.id(), smallBinding);
                smallTaskFiles.put(role.id(), role.smallTasks().maxFiles());
                routeModel = new SizedChatModel(main.chatModel(), smallBinding.chatModel());
            }
            routeModels.put(role.id(), routeModel);
            LOG.info("role {} -> {} / {}{}; its {} schema goes as {}; context window {} tokens", role.id(),
                    provider.name(), model, small == null ? "" : " (tasks of at most " + role.smallTasks().maxFiles()
                            + " file(s): " + small + ")", produces.id(), provider.structuredOutput(),
                    main.limits().contextWindow());
        }
    }

    /** A role's model, with its limits, behind the guards every call passes. */
    private Binding bind(RoleDefinition role, ChatModelProvider provider, String model,
            LlmProperties.RoleModel override, DocumentType produces, boolean smallTask) {
        ModelLimits.Limits modelLimits = provider.limits(model, limits);
        if (override != null && override.contextWindow() != null) {
            try {
                modelLimits = modelLimits.withContextWindow(override.contextWindow());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("vibecoder.llm.roles." + role.id() + ".context-window: "
                        + e.getMessage(), e);
            }
        }
        ChatModel chatModel = provider.create(model, listeners, OutputSchema.of(produces.id(), produces.schemaNode()));
        if (provider.callsOverNetwork()) {
            // retries, the concurrency limit and the circuit breaker of the provider, around each HTTP call
            chatModel = guards.guard(provider.name(), provider.maxRetries(), chatModel);
        }
        // each call within its project's budget; its retries (inside) cost nothing more
        chatModel = new BudgetedChatModel(chatModel, model, modelLimits, budgets, prices, budgetSettings);
        // outside the guard: a cut-off answer is asked again as a fresh, guarded call
        chatModel = new AnswerGuard(chatModel, model, modelLimits);
        return new Binding(role.id(), provider.name(), model, chatModel, modelLimits, smallTask);
    }

    private static String resolveDefault(String configured, Map<String, ChatModelProvider> byName,
            List<ChatModelProvider> providers) {
        if (!"auto".equals(configured)) {
            if (!byName.containsKey(configured)) {
                throw new IllegalStateException("vibecoder.llm.provider: unknown provider '" + configured
                        + "'; known: auto, " + String.join(", ", byName.keySet()));
            }
            return configured;
        }
        for (String preferred : List.of("openai", "anthropic")) {
            ChatModelProvider provider = byName.get(preferred);
            if (provider != null && provider.configured()) {
                return preferred;
            }
        }
        return OfflineProvider.NAME;
    }

    public Binding of(String role) {
        Binding binding = bindings.get(role);
        if (binding == null) {
            throw new IllegalArgumentException("no model for role '" + role + "'");
        }
        return binding;
    }

    /**
     * The model of one work order of a role: its small-tasks model when the role has one and the
     * order's task lists at most its {@code max-files} files ({@code files} 0: not a task), else its model.
     */
    public Binding forTask(String role, int files) {
        Binding small = smallTasks.get(role);
        return small != null && files > 0 && files <= smallTaskFiles.get(role) ? small : of(role);
    }

    /** What the role route calls: the role's model, or a switch to its small-tasks model for small tasks. */
    public ChatModel routeModel(String role) {
        return routeModels.get(role);
    }

    public Iterable<Binding> all() {
        return bindings.values();
    }
}
