package dev.vibecoder.memory;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Sentence embeddings from all-MiniLM-L6-v2, computed in-process: the model ships inside its jar, so
 * memory works offline and no text leaves the machine. Thread-safe; vectors are L2-normalised, so a
 * dot product is their cosine similarity.
 *
 * <p>Loading the model (an ONNX session and a native tokenizer, which DJL unpacks under
 * {@code DJL_CACHE_DIR}, by default {@code ~/.djl.ai}, or the temporary directory when the home
 * directory is read-only) takes a second or two. It starts in the background when the bean is
 * created, so the first recall of a role does not pay for it; a caller arriving before it is done
 * waits for it.
 */
@Component
public class Embedder implements InitializingBean, DisposableBean {

    public static final int DIMENSIONS = 384;

    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);

    /** Runs the texts of one {@link #embedAll} call in parallel, one model inference each. */
    private final ExecutorService inferenceThreads;
    private volatile EmbeddingModel model;

    public Embedder() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadFactory named = Thread.ofPlatform().name("embedder-", 1).daemon().factory();
        this.inferenceThreads = Executors.newFixedThreadPool(threads, named);
    }

    @Override
    public void afterPropertiesSet() {
        Thread.ofPlatform().name("embedder-warm-up").daemon().start(() -> {
            long start = System.nanoTime();
            try {
                embed("warm up the embedding model");
                LOG.info("embedding model all-MiniLM-L6-v2 ready in {} ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (RuntimeException | LinkageError e) {
                // not fatal here: the first real use tries again and reports the cause to its caller
                LOG.warn("embedding model all-MiniLM-L6-v2 failed to load: {}", e.toString());
            }
        });
    }

    @Override
    public void destroy() {
        inferenceThreads.shutdownNow();
    }

    /** The embedding of one text, which must not be blank. */
    public float[] embed(String text) {
        requireText(text);
        return normalised(model().embed(text).content().vector());
    }

    /** The embeddings of several texts, in their order; the texts are embedded in parallel. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        texts.forEach(Embedder::requireText);
        return model().embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(embedding -> normalised(embedding.vector()))
                .toList();
    }

    /** Cosine similarity of two vectors from this embedder (both normalised). */
    public static double similarity(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    // the model class loads the ONNX session once, in its static initialiser
                    loaded = new AllMiniLmL6V2EmbeddingModel(inferenceThreads);
                    model = loaded;
                }
            }
        }
        return loaded;
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cannot embed a blank text");
        }
    }

    /**
     * The model normalises its output today; checking (and normalising if needed) keeps this class's
     * promise, cosine similarity = dot product, independent of the library's version.
     */
    private static float[] normalised(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0 || Math.abs(norm - 1) < 1e-6) {
            return vector;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }
}
