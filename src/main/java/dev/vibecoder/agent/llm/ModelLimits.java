package dev.vibecoder.agent.llm;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What each model can take, from {@code config/models.yaml}: its context window and output limits,
 * by exact model name or its longest listed prefix.
 */
@Component
public class ModelLimits {

    /**
     * One model's limits, in tokens.
     *
     * @param contextWindow   input and output together
     * @param outputTokens    the answer limit of a first call
     * @param maxOutputTokens the most the model may write (a cut-off answer's second call)
     */
    public record Limits(int contextWindow, int outputTokens, int maxOutputTokens) {
        public Limits {
            if (contextWindow <= 0 || outputTokens <= 0 || maxOutputTokens < outputTokens
                    || outputTokens >= contextWindow) {
                throw new IllegalArgumentException("needs 0 < output-tokens <= max-output-tokens and output-tokens"
                        + " < context-window; got context-window " + contextWindow + ", output-tokens " + outputTokens
                        + ", max-output-tokens " + maxOutputTokens);
            }
        }

        /** These limits in a smaller or larger context window. */
        public Limits withContextWindow(int tokens) {
            return new Limits(tokens, outputTokens, maxOutputTokens);
        }

        /** The limit of the call after one cut off at {@code limit}: twice as much, within the model's. */
        public int raised(int limit) {
            return Math.min(maxOutputTokens, Math.max(limit, 1) * 2);
        }
    }

    static final Limits FALLBACK = new Limits(8192, 2048, 4096);

    private final Limits fallback;
    private final Map<String, Limits> models;

    public ModelLimits(ConfigFiles config) {
        Path file = config.root().resolve("models.yaml");
        ModelsFile read = Files.exists(file) ? config.readYaml(file, ModelsFile.class) : null;
        try {
            this.fallback = read == null || read.fallback() == null ? FALLBACK : read.fallback().toLimits();
            this.models = read == null || read.models() == null ? Map.of()
                    : read.models().entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                            Map.Entry::getKey, e -> e.getValue().toLimits()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("config: invalid " + config.relative(file) + ": " + e.getMessage(), e);
        }
    }

    public Limits of(String model) {
        if (model == null) {
            return fallback;
        }
        return models.entrySet().stream()
                .filter(e -> model.equals(e.getKey()) || model.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(fallback);
    }

    /** The file's shape ({@code default} is a Java keyword). */
    record ModelsFile(Map<String, Entry> models, @JsonProperty("default") Entry fallback) {
    }

    record Entry(@JsonProperty("context-window") int contextWindow, @JsonProperty("output-tokens") int outputTokens,
            @JsonProperty("max-output-tokens") int maxOutputTokens) {
        Limits toLimits() {
            return new Limits(contextWindow, outputTokens, maxOutputTokens);
        }
    }
}
