package dev.vibecoder.agent.llm;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model each role talks to. {@code provider=auto} picks OpenAI when an OpenAI key is set,
 * else Anthropic when an Anthropic key is set, else the offline provider.
 *
 * Each remote provider's {@code structured-output} (on by default) sends a role's document schema
 * with its calls, in the provider's own way; off, only the prompt carries it.
 *
 * @param roles per-role overrides of provider and model, keyed by role id
 */
@ConfigurationProperties("vibecoder.llm")
public record LlmProperties(
        @DefaultValue("auto") String provider,
        @DefaultValue Offline offline,
        @DefaultValue OpenAi openai,
        @DefaultValue Anthropic anthropic,
        @DefaultValue Ollama ollama,
        Map<String, RoleModel> roles) {

    public record Offline(@DefaultValue("0ms") Duration latency) {
    }

    public record OpenAi(
            @DefaultValue("https://api.openai.com/v1") String baseUrl,
            String apiKey,
            @DefaultValue("gpt-4o-mini") String model,
            @DefaultValue("120s") Duration timeout,
            @DefaultValue("4") int maxRetries,
            @DefaultValue("true") boolean structuredOutput) {

        /** Without the key: a record prints every component, and settings end up in logs and error reports. */
        @Override
        public String toString() {
            return "OpenAi[baseUrl=" + baseUrl + ", apiKey=" + keyShown(apiKey) + ", model=" + model + ", timeout="
                    + timeout + ", maxRetries=" + maxRetries + ", structuredOutput=" + structuredOutput + "]";
        }
    }

    public record Anthropic(
            @DefaultValue("https://api.anthropic.com/v1") String baseUrl,
            String apiKey,
            @DefaultValue("claude-sonnet-4-5") String model,
            @DefaultValue("8192") int maxTokens,
            @DefaultValue("120s") Duration timeout,
            @DefaultValue("4") int maxRetries,
            @DefaultValue("true") boolean structuredOutput) {

        /** Without the key, like {@link OpenAi#toString()}. */
        @Override
        public String toString() {
            return "Anthropic[baseUrl=" + baseUrl + ", apiKey=" + keyShown(apiKey) + ", model=" + model
                    + ", maxTokens=" + maxTokens + ", timeout=" + timeout + ", maxRetries=" + maxRetries
                    + ", structuredOutput=" + structuredOutput + "]";
        }
    }

    public record Ollama(
            @DefaultValue("http://localhost:11434") String baseUrl,
            @DefaultValue("llama3.1") String model,
            @DefaultValue("300s") Duration timeout,
            @DefaultValue("2") int maxRetries,
            @DefaultValue("true") boolean structuredOutput) {
    }

    /**
     * A role's provider and model; either may be left out to take the default. {@code contextWindow}
     * (tokens), when set, replaces the model's from {@code config/models.yaml}: for a server that
     * runs the model with a smaller context (Ollama's {@code num_ctx}, a proxy's limit).
     */
    public record RoleModel(String provider, String model, Integer contextWindow) {
    }

    public Map<String, RoleModel> roles() {
        return roles == null ? Map.of() : roles;
    }

    /** Whether a key is set, never the key. */
    private static String keyShown(String key) {
        return key == null || key.isBlank() ? "(none)" : "(set)";
    }
}
