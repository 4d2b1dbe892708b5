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
 * reach theirs through the Camel registry as {@code #chatModel-<role>}. Each asks for the schema of
 * the document its role produces where the provider can (structured output), and answers only
 * whole answers ({@link AnswerGuard}) within its model's limits ({@code config/models.yaml}).
 */
@Component
public class RoleModels {

    private static final Logger LOG = LoggerFactory.getLogger(RoleModels.class);

    /** A role's resolved model. */
    public record Binding(String role, String provider, String model, ChatModel chatModel,
            ModelLimits.Limits limits) {
        public String beanName() {
            return beanName(role);
        }

        public static String beanName(String role) {
            return "chatModel-" + role;
        }
    }

    private final Map<String, Binding> bindings = new LinkedHashMap<>();

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
        for (RoleDefinition role : roles.all()) {
            LlmProperties.RoleModel override = properties.roles().get(role.id());
            String providerName = override != null && override.provider() != null ? override.provider() : fallback;
            ChatModelProvider provider = byName.get(providerName);
            if (provider == null) {
                throw new IllegalStateException("vibecoder.llm.roles." + role.id() + ".provider: unknown provider '"
                        + providerName + "'; known: " + byName.keySet());
            }
            String model = override != null && override.model() != null ? override.model() : provider.defaultModel();
            DocumentType produces = types.get(role.produces());
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
            bindings.put(role.id(), new Binding(role.id(), provider.name(), model, chatModel, modelLimits));
            LOG.info("role {} -> {} / {}; its {} schema goes as {}; context window {} tokens", role.id(),
                    provider.name(), model, produces.id(), provider.structuredOutput(), modelLimits.contextWindow());
        }
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

    public Iterable<Binding> all() {
        return bindings.values();
    }
}
