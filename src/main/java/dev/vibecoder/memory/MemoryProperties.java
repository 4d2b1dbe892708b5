package dev.vibecoder.memory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much the agents remember into a prompt, and when failures count as the same.
 *
 * @param recallK               memories recalled into a role's prompt
 * @param recallTokenBudget     the most a prompt's recalled memories may take, in estimated tokens
 * @param minSimilarity         cosine similarity below which a memory is not worth recalling
 * @param patternSimilarity     cosine similarity between a failure's gist and a pattern's centroid at
 *                              which the failure joins the pattern (see {@link FailureSignature})
 * @param patternMinOccurrences failures a pattern needs before it is a named pattern offered to the fixer
 * @param efSearch              candidates the HNSW index visits per recall ({@code hnsw.ef_search}): recall
 *                              against speed; raised to k when k is larger
 */
@ConfigurationProperties("vibecoder.memory")
public record MemoryProperties(
        @DefaultValue("5") int recallK,
        @DefaultValue("800") int recallTokenBudget,
        @DefaultValue("0.3") double minSimilarity,
        @DefaultValue("0.85") double patternSimilarity,
        @DefaultValue("3") int patternMinOccurrences,
        @DefaultValue("200") int efSearch) {

    public MemoryProperties {
        check(recallK >= 1 && recallK <= 100, "recall-k", "must be between 1 and 100", recallK);
        check(recallTokenBudget >= 0, "recall-token-budget", "must not be negative", recallTokenBudget);
        check(minSimilarity >= -1 && minSimilarity <= 1, "min-similarity", "must be between -1 and 1", minSimilarity);
        check(patternSimilarity > 0 && patternSimilarity <= 1, "pattern-similarity", "must be in (0, 1]",
                patternSimilarity);
        check(patternMinOccurrences >= 1, "pattern-min-occurrences", "must be at least 1", patternMinOccurrences);
        // pgvector accepts 1 to 1000
        check(efSearch >= 1 && efSearch <= 1000, "ef-search", "must be between 1 and 1000", efSearch);
    }

    private static void check(boolean valid, String name, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException("vibecoder.memory." + name + " " + rule + ", not " + value);
        }
    }
}
