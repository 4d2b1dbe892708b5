package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The measurement behind {@code vibecoder.memory.pattern-similarity}'s default, on the labelled
 * failure outputs: compared by their gists, failures of different causes stay below it and failures
 * of one cause mostly reach it; compared raw, no threshold could tell them apart.
 */
class FailureGistSimilarityTest {

    /** The default of {@link MemoryProperties#patternSimilarity}, as binding no settings gives it. */
    static final double PATTERN_SIMILARITY = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("vibecoder.memory", MemoryProperties.class).patternSimilarity();

    private static Embedder embedder;

    @BeforeAll
    static void loadModel() {
        embedder = new Embedder();
    }

    @AfterAll
    static void stop() {
        embedder.destroy();
    }

    record Pairs(List<Double> sameCause, List<Double> differentCause) {
        static double quantile(List<Double> values, double q) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
        }

        @Override
        public String toString() {
            return "same cause: min %.3f, p10 %.3f, median %.3f; different causes: median %.3f, p95 %.3f, max %.3f"
                    .formatted(quantile(sameCause, 0), quantile(sameCause, 0.1), quantile(sameCause, 0.5),
                            quantile(differentCause, 0.5), quantile(differentCause, 0.95), quantile(differentCause, 1));
        }
    }

    @Test
    void gistsSeparateCausesWhereRawOutputsCannot() throws IOException {
        Pairs gists = pairs(true);
        Pairs raw = pairs(false);
        System.out.println("gists: " + gists);
        System.out.println("raw outputs: " + raw);

        assertThat(Pairs.quantile(gists.differentCause(), 1)).isLessThan(PATTERN_SIMILARITY - 0.05);
        assertThat(Pairs.quantile(gists.sameCause(), 0.5)).isGreaterThan(0.95);
        assertThat(gists.sameCause().stream().filter(s -> s >= PATTERN_SIMILARITY).count())
                .isGreaterThanOrEqualTo(gists.sameCause().size() * 8 / 10);
        // raw, the most similar different causes are more alike than the typical same-cause pair
        assertThat(Pairs.quantile(raw.differentCause(), 1)).isGreaterThan(Pairs.quantile(raw.sameCause(), 0.5));
    }

    private static Pairs pairs(boolean byGist) throws IOException {
        List<String> causes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map.Entry<String, List<String>> cause : FailureSignatureTest.labelledFailures().entrySet()) {
            for (String text : cause.getValue()) {
                causes.add(cause.getKey());
                texts.add(byGist ? FailureSignature.of(text).gist() : text);
            }
        }
        List<float[]> vectors = embedder.embedAll(texts);
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                double similarity = Embedder.similarity(vectors.get(i), vectors.get(j));
                (causes.get(i).equals(causes.get(j)) ? same : different).add(similarity);
            }
        }
        return new Pairs(same, different);
    }
}
