package dev.vibecoder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.memory.Embedder;
import dev.vibecoder.memory.FailureSignature;
import dev.vibecoder.memory.FailureText;
import dev.vibecoder.memory.MemoryKind;
import dev.vibecoder.memory.MemoryOutcome;
import dev.vibecoder.memory.MemoryProperties;
import dev.vibecoder.memory.MemoryStore;
import dev.vibecoder.memory.NewMemory;
import dev.vibecoder.memory.Recalled;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The memory benchmarks of {@code make bench}: VibeCoder's own {@link Embedder} and {@link MemoryStore}
 * on a real PostgreSQL with pgvector, in a database of their own that is emptied first, so the
 * figures do not depend on what else is stored. Figures go to stdout, one {@code name: value unit}
 * line each; progress and the per-category detail go to stderr.
 *
 * <ol>
 * <li>{@code embeddings_per_second}: {@link Embedder#embedAll} on the labelled failure messages
 * (real toolchain output, see scripts/bench/failures/), after a warm-up.</li>
 * <li>{@code memory_recall_at_5}: every labelled message stored as a FAILURE memory the way the hub
 * stores a failure (its {@link FailureText#excerpt}, embedded as {@link MemoryStore#embeddingText}
 * says: by its {@link FailureSignature} gist); each one, as the query, recalls its 5 nearest others
 * through {@link MemoryStore#recall}; the figure is the mean share of those 5 in the query's
 * category. {@code memory_recall_at_5_whole_text} does the same with the whole messages embedded,
 * for comparison; those memories stay, as the base of the 100k set.</li>
 * <li>The 100k set (see {@link #build100k}), loaded with {@link MemoryStore#rememberAll};
 * {@code hnsw_build_seconds_100k} times the migration's HNSW index built over it.</li>
 * <li>{@code hnsw_recall_at_10}: the HNSW top 10 ({@link MemoryStore#recall}) against the exact top 10
 * ({@link MemoryStore#recallExact}) for queries that are not stored.</li>
 * <li>{@code hnsw_recall_at_10_gist}: the same comparison on a second 100k set, of gist vectors as
 * the hub stores and queries failures (see {@link #hnswRecallOfGists}); gists repeat, so a result
 * counts as right when it is not farther than the exact 10th.</li>
 * <li>{@code recall_p50_ms_100k}/{@code recall_p95_ms_100k}: a failure text's embedding
 * ({@link MemoryStore#embed}, its gist's) and {@link MemoryStore#recall} with it, as the
 * fixer's recall asks.</li>
 * </ol>
 *
 * Not a test (surefire never runs it): scripts/bench.sh starts it as its own JVM. Sizes can be
 * changed with system properties ({@code -Dbench.total=20000} and the others read below).
 */
public final class MemoryBench {

    private static final String ROLE = "qa-engineer";
    private static final String GIST_ROLE = "bench-gist";
    /** What the fixer's recall asks for (MemoryRecall.forFailure): failures of any role. */
    private static final Set<MemoryKind> FAILURES = EnumSet.of(MemoryKind.FAILURE);
    /** maintenance_work_mem while the HNSW index is built. */
    private static final String INDEX_WORK_MEM = "1GB";
    /** Distances this close are equal: the same pair of vectors, measured by the index and by the scan. */
    private static final double SAME_DISTANCE = 1e-6;

    private final int total = Integer.getInteger("bench.total", 100_000);
    /** New texts embedded for real for the 100k set (the rest are perturbed copies of real vectors). */
    private final int recombined = Integer.getInteger("bench.recombined", 3_000);
    private final int queries = Integer.getInteger("bench.queries", 200);
    private final long seed = Long.getLong("bench.seed", 42);

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class,
            JacksonAutoConfiguration.class})
    @EnableConfigurationProperties(MemoryProperties.class)
    @Import({Embedder.class, MemoryStore.class})
    static class MemoryBeans {
    }

    /** One labelled failure message of the dataset. */
    record Labelled(String id, String category, String toolchain, String text) {

        /** The instance's domain (its identifiers and values: billing, inventory, ...), shared across categories. */
        String domain() {
            return id.substring(id.lastIndexOf('-') + 1);
        }
    }

    private final PrintStream figures;
    private final Embedder embedder;
    private final MemoryStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MemoryProperties settings;
    private final UUID project = UUID.randomUUID();
    private final long started = System.nanoTime();

    private MemoryBench(ConfigurableApplicationContext context, PrintStream figures) {
        this.figures = figures;
        this.embedder = context.getBean(Embedder.class);
        this.store = context.getBean(MemoryStore.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.tx = context.getBean(TransactionTemplate.class);
        this.json = context.getBean(ObjectMapper.class);
        this.settings = context.getBean(MemoryProperties.class);
    }

    public static void main(String[] args) throws Exception {
        // Spring's and the libraries' logging writes to stdout: keep stdout for the figure lines
        PrintStream figures = System.out;
        System.setOut(System.err);

        Path dataset = Path.of(System.getProperty("bench.failures", ".services/bench/failures.json"));
        String url = required("VIBECODER_BENCH_DB_URL");
        String user = System.getenv().getOrDefault("VIBECODER_DB_USER", "vibecoder");
        String password = System.getenv().getOrDefault("VIBECODER_DB_PASSWORD", "vibecoder");
        emptyDatabase(url, user, password);

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MemoryBeans.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // command-line arguments: they win over the hub's config/application.yaml, which is read too
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                        "--spring.datasource.password=" + password, "--spring.datasource.hikari.maximum-pool-size=4",
                        "--logging.level.root=WARN")) {
            new MemoryBench(context, figures).run(dataset);
        }
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run scripts/services-up.sh and source .services/env");
        }
        return value;
    }

    /**
     * Drops everything the bench role owns in the bench database (tables, Flyway's history), so that
     * Flyway migrates a fresh schema. The vector extension belongs to the superuser and stays. Refuses
     * a database whose name does not say it is for benchmarks.
     */
    private static void emptyDatabase(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("select current_database()");
            rs.next();
            String name = rs.getString(1);
            if (!name.contains("bench")) {
                throw new IllegalStateException("refusing to empty database " + name + ": its name must contain 'bench'");
            }
            statement.execute("drop owned by current_user");
        }
    }

    private void run(Path dataset) throws Exception {
        List<Labelled> labelled = load(dataset);
        progress("%d labelled failure messages in %d categories from %s", labelled.size(),
                labelled.stream().map(Labelled::category).distinct().count(), dataset);

        List<float[]> vectors = embeddingThroughput(labelled);
        recallAt5AsTheHubStoresFailures(labelled);
        recallAt5("memory_recall_at_5_whole_text", "the same, each whole message embedded instead of its gist",
                labelled, vectors, ROLE, false);

        Random random = new Random(seed);
        List<String> heldOut = recombine(labelled, queries, random, new HashSet<>());
        build100k(labelled, vectors, random, new HashSet<>(heldOut));
        hnswRecall(heldOut);
        latency(heldOut, labelled);
        hnswRecallOfGists(labelled, heldOut, random);
        progress("memory bench done in %.0f s", seconds(started));
    }

    // ------------------------------------------------------------------------------------------ dataset

    private List<Labelled> load(Path dataset) throws Exception {
        if (!Files.exists(dataset)) {
            throw new IllegalStateException(dataset + " is missing: scripts/bench/failures/generate.py makes it");
        }
        List<Labelled> result = new ArrayList<>();
        for (JsonNode m : json.readTree(dataset.toFile()).get("messages")) {
            result.add(new Labelled(m.get("id").asText(), m.get("category").asText(), m.get("toolchain").asText(),
                    m.get("text").asText()));
        }
        return result;
    }

    /**
     * New failure-like texts, none equal to an excluded one: the head of one real message (a random
     * number of its lines) joined to the tail of another of the same toolchain, e.g. one traceback's
     * frames with another's exception line.
     */
    private static List<String> recombine(List<Labelled> labelled, int count, Random random, Set<String> exclude) {
        Map<String, List<Labelled>> byToolchain = labelled.stream()
                .collect(Collectors.groupingBy(Labelled::toolchain, TreeMap::new, Collectors.toList()));
        List<List<Labelled>> groups = new ArrayList<>(byToolchain.values());
        Set<String> seen = new HashSet<>(exclude);
        labelled.forEach(l -> seen.add(l.text()));
        List<String> texts = new ArrayList<>(count);
        while (texts.size() < count) {
            List<Labelled> group = groups.get(random.nextInt(groups.size()));
            String[] a = group.get(random.nextInt(group.size())).text().split("\n");
            String[] b = group.get(random.nextInt(group.size())).text().split("\n");
            int head = 1 + random.nextInt(a.length);
            int tail = random.nextInt(b.length);
            List<String> lines = new ArrayList<>(Arrays.asList(a).subList(0, head));
            lines.addAll(Arrays.asList(b).subList(tail, b.length));
            String text = String.join("\n", lines).strip();
            if (!text.isEmpty() && seen.add(text)) {
                texts.add(text);
            }
        }
        return texts;
    }

    // ------------------------------------------------------------------------------------------ embeddings

    private List<float[]> embeddingThroughput(List<Labelled> labelled) {
        List<String> texts = labelled.stream().map(Labelled::text).toList();
        progress("warming up the embedding model");
        embedder.embedAll(texts.subList(0, Math.min(64, texts.size())));
        for (int i = 0; i < 10; i++) {
            embedder.embed(texts.get(i));
        }

        long start = System.nanoTime();
        List<float[]> vectors = embedder.embedAll(texts);
        double elapsed = seconds(start);
        double meanChars = texts.stream().mapToInt(String::length).average().orElse(0);
        figure("embeddings_per_second", "%.1f texts/s (Embedder.embedAll, %d failure messages of %.0f characters "
                + "on average, %d cores)", texts.size() / elapsed, texts.size(), meanChars,
                Runtime.getRuntime().availableProcessors());

        int singles = Math.min(100, texts.size());
        double[] ms = new double[singles];
        for (int i = 0; i < singles; i++) {
            long t = System.nanoTime();
            embedder.embed(texts.get(i));
            ms[i] = millis(t);
        }
        figure("embed_p50_ms", "%.1f ms (Embedder.embed, one text at a time, %d texts)", percentile(ms, 50), singles);
        return vectors;
    }

    // ------------------------------------------------------------------------------------------ recall@5

    /**
     * Stores the labelled messages under {@code role} with the given embeddings, then asks each one's
     * 5 nearest others of {@link MemoryStore#recall} (filtered to that role) and prints the mean share
     * of them in the query's category as {@code name} (and per toolchain when asked).
     */
    private void recallAt5(String name, String note, List<Labelled> labelled, List<float[]> vectors, String role,
            boolean detail) {
        List<NewMemory> memories = labelled.stream().map(l -> failure(role, l.text(), details(l))).toList();
        store.rememberAll(memories, vectors);
        jdbc.execute("analyze memories");

        Map<String, Labelled> byId = labelled.stream().collect(Collectors.toMap(Labelled::id, Function.identity()));
        Map<String, double[]> byCategory = new TreeMap<>();      // sum of shares, count
        Map<String, double[]> byToolchain = new TreeMap<>();
        Map<String, Map<String, Integer>> confusions = new TreeMap<>();
        int wrong = 0;
        int wrongSameDomain = 0;
        double sum = 0;
        for (int i = 0; i < labelled.size(); i++) {
            Labelled query = labelled.get(i);
            // k = 6: the query itself is stored too and comes back first (or among equals); it is left out
            List<Labelled> others = store.recall(role, FAILURES, vectors.get(i), 6, -1).stream()
                    .map(r -> byId.get(r.memory().details().get("id").asText()))
                    .filter(l -> !l.id().equals(query.id()))
                    .limit(5)
                    .toList();
            long same = others.stream().filter(l -> l.category().equals(query.category())).count();
            double share = same / 5.0;
            sum += share;
            add(byCategory, query.category(), share);
            add(byToolchain, query.toolchain(), share);
            for (Labelled other : others) {
                if (!other.category().equals(query.category())) {
                    wrong++;
                    wrongSameDomain += other.domain().equals(query.domain()) ? 1 : 0;
                    confusions.computeIfAbsent(query.category(), c -> new TreeMap<>())
                            .merge(other.category(), 1, Integer::sum);
                }
            }
        }
        double mean = sum / labelled.size();
        figure(name, "%.3f ratio (%s; %d messages, %d categories)", mean, note, labelled.size(), byCategory.size());
        if (detail) {
            byToolchain.forEach((toolchain, s) -> figure(name + "_" + toolchain, "%.3f ratio (%d messages)",
                    s[0] / s[1], (int) s[1]));
        }
        progress("%s by category, weakest first (most frequent wrong neighbours); %d of %d wrong neighbours "
                + "come from the query's own domain (same identifiers, other category):", name, wrongSameDomain, wrong);
        byCategory.entrySet().stream()
                .sorted(Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1]))
                .forEach(e -> progress("  %-28s %.3f  %s", e.getKey(), e.getValue()[0] / e.getValue()[1],
                        confusions.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
                                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                                .limit(3).map(c -> c.getKey() + " x" + c.getValue())
                                .collect(Collectors.joining(", "))));
    }

    /**
     * The measurement on failures stored as the hub stores them: the excerpt of the output, embedded
     * by {@link MemoryStore#embeddingText} (its gist). Under a role of its own, removed afterwards:
     * the first 100k set is built on the whole-text vectors, which are more varied (many gists of one
     * category are equal, and ties make the exact top 10 ambiguous: {@link #hnswRecallOfGists}
     * measures the gist vectors, counting ties).
     */
    private void recallAt5AsTheHubStoresFailures(List<Labelled> labelled) {
        List<float[]> stored = embedder.embedAll(labelled.stream()
                .map(l -> MemoryStore.embeddingText(MemoryKind.FAILURE, FailureText.excerpt(l.text()))).toList());
        recallAt5("memory_recall_at_5", "share of the 5 nearest other failures in the query's category, failures "
                + "embedded by their gist as the hub stores them", labelled, stored, GIST_ROLE, true);
        jdbc.update("delete from memories where role = ?", GIST_ROLE);
    }

    private static void add(Map<String, double[]> sums, String key, double value) {
        double[] s = sums.computeIfAbsent(key, k -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    // ------------------------------------------------------------------------------------------ 100k

    /**
     * The 100k set. Embedding 100k texts here would take over an hour (about 20 ms a text a core),
     * so it is built from real embeddings and real-looking variations of them:
     * <ul>
     * <li>the labelled messages (already stored) with their real embeddings;</li>
     * <li>{@code bench.recombined} new texts, each the head of one real message joined to the tail of
     * another of the same toolchain, embedded for real by {@link Embedder#embedAll};</li>
     * <li>the rest: copies of those real vectors with Gaussian noise added (sigma drawn per copy from
     * 0.02 to 0.04 per dimension) and renormalised, stored with their source's text. Such a copy keeps
     * a cosine similarity of about 0.8 to 0.93 to its source: a near variant of a real failure.</li>
     * </ul>
     * The HNSW index is dropped for the load and built again from the migration's own definition,
     * which is both how a bulk load is done and what {@code hnsw_build_seconds_100k} times.
     */
    private void build100k(List<Labelled> labelled, List<float[]> labelledVectors, Random random, Set<String> exclude) {
        int fresh = Math.max(0, Math.min(recombined, total - labelled.size()));
        List<String> texts = recombine(labelled, fresh, random, exclude);
        progress("embedding %d recombined texts for the %d set", fresh, total);
        long start = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(fresh);
        for (int from = 0; from < fresh; from += 500) {
            vectors.addAll(embedder.embedAll(texts.subList(from, Math.min(from + 500, fresh))));
            progress("  %d / %d embedded (%.0f s)", vectors.size(), fresh, seconds(start));
        }

        List<String> sourceTexts = new ArrayList<>(labelled.stream().map(Labelled::text).toList());
        sourceTexts.addAll(texts);
        List<float[]> sourceVectors = new ArrayList<>(labelledVectors);
        sourceVectors.addAll(vectors);

        String indexDefinition = dropVectorIndex();

        // the recombined texts with their real vectors, then the perturbed copies, in batches
        long loadStart = System.nanoTime();
        int perturbed = total - labelled.size() - fresh;
        List<NewMemory> batch = new ArrayList<>();
        List<float[]> batchVectors = new ArrayList<>();
        double cosineSum = 0;
        for (int i = 0; i < fresh + perturbed; i++) {
            if (i < fresh) {
                batch.add(failure(texts.get(i), json.createObjectNode().put("set", "recombined")));
                batchVectors.add(vectors.get(i));
            } else {
                int source = random.nextInt(sourceVectors.size());
                double sigma = 0.02 + 0.02 * random.nextDouble();
                float[] copy = perturb(sourceVectors.get(source), sigma, random);
                cosineSum += Embedder.similarity(copy, sourceVectors.get(source));
                batch.add(failure(sourceTexts.get(source), json.createObjectNode().put("set", "perturbed")
                        .put("sigma", Math.round(sigma * 1e4) / 1e4)));
                batchVectors.add(copy);
            }
            if (batch.size() == 5_000 || i == fresh + perturbed - 1) {
                store.rememberAll(batch, batchVectors);
                batch.clear();
                batchVectors.clear();
                progress("  %d / %d stored (%.0f s)", labelled.size() + i + 1, total, seconds(loadStart));
            }
        }
        double loadSeconds = seconds(loadStart);
        jdbc.execute("analyze memories");
        long count = jdbc.queryForObject("select count(*) from memories", Long.class);
        figure("memory_load_seconds_100k", "%.1f s (MemoryStore.rememberAll of %d memories, no vector index)",
                loadSeconds, count - labelled.size());

        progress("building the HNSW index over %d memories", count);
        double buildSeconds = buildVectorIndex(indexDefinition);
        int workers = jdbc.queryForObject("select current_setting('max_parallel_maintenance_workers')::int",
                Integer.class);
        figure("hnsw_build_seconds_100k", "%.1f s (%d memories: %d labelled + %d recombined texts embedded for real "
                + "+ %d perturbed copies of real vectors, mean cosine %.2f to their source; m=16, ef_construction=64, "
                + "maintenance_work_mem %s, %d parallel workers)", buildSeconds, count, labelled.size(), fresh, perturbed,
                perturbed == 0 ? 1.0 : cosineSum / perturbed, INDEX_WORK_MEM, workers);
        jdbc.execute("analyze memories");
    }

    /** Drops the migration's HNSW index (for a bulk load) and returns its definition, to build it again. */
    private String dropVectorIndex() {
        String definition = jdbc.queryForObject(
                "select indexdef from pg_indexes where tablename = 'memories' and indexname = 'memories_embedding'",
                String.class);
        jdbc.execute("drop index memories_embedding");
        return definition;
    }

    /** Builds the HNSW index from its definition; returns how long it took, in seconds. */
    private double buildVectorIndex(String definition) {
        return jdbc.execute((ConnectionCallback<Double>) connection -> {
            try (Statement statement = connection.createStatement()) {
                // the default (64MB) does not hold a 100k graph: pgvector then builds far more slowly
                statement.execute("set maintenance_work_mem = '" + INDEX_WORK_MEM + "'");
                long t = System.nanoTime();
                statement.execute(definition);
                double s = seconds(t);
                statement.execute("reset maintenance_work_mem");
                return s;
            }
        });
    }

    private static float[] perturb(float[] vector, double sigma, Random random) {
        float[] copy = new float[vector.length];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            copy[i] = (float) (vector[i] + sigma * random.nextGaussian());
            norm += copy[i] * copy[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < copy.length; i++) {
            copy[i] = (float) (copy[i] / norm);
        }
        return copy;
    }

    // ------------------------------------------------------------------------------------------ HNSW recall

    private void hnswRecall(List<String> heldOut) throws InterruptedException {
        List<float[]> vectors = embedder.embedAll(heldOut);
        List<Set<Long>> exact = new ArrayList<>();
        double[] exactMs = new double[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            long t = System.nanoTime();
            exact.add(ids(store.recallExact(null, FAILURES, vectors.get(i), 10)));
            exactMs[i] = millis(t);
        }

        long scansBefore = indexScans();
        double[] hnswMs = new double[vectors.size()];
        double recall = overlap(store, vectors, exact, hnswMs);
        Thread.sleep(1500); // PostgreSQL publishes a backend's statistics at most once a second
        long scans = indexScans() - scansBefore;
        if (scans < vectors.size()) {
            progress("WARNING: the HNSW index was scanned %d times for %d queries: the planner did not use it for all",
                    scans, vectors.size());
        }
        figure("hnsw_recall_at_10", "%.3f ratio (HNSW top 10 against exact top 10, %d queries not in the set, "
                + "ef_search=%d as configured; HNSW p50 %.1f ms, exact p50 %.1f ms)", recall, vectors.size(),
                Math.max(settings.efSearch(), 10), percentile(hnswMs, 50), percentile(exactMs, 50));

        // the trade-off around the configured value: the same store class with another ef_search
        progress("hnsw_recall_at_10 by hnsw.ef_search (vibecoder.memory.ef-search):");
        for (int efSearch : new int[] {40, 100, 200, 400}) {
            double[] ms = new double[vectors.size()];
            progress("  ef_search %3d: recall %.3f, p50 %.1f ms, p95 %.1f ms", efSearch,
                    overlap(withEfSearch(efSearch), vectors, exact, ms), percentile(ms, 50), percentile(ms, 95));
        }
    }

    /** Mean overlap of the HNSW top 10 of {@code memories} with the exact top 10; times each query. */
    private static double overlap(MemoryStore memories, List<float[]> vectors, List<Set<Long>> exact, double[] ms) {
        double sum = 0;
        for (int i = 0; i < vectors.size(); i++) {
            long t = System.nanoTime();
            Set<Long> approximate = ids(memories.recall(null, FAILURES, vectors.get(i), 10, -1));
            ms[i] = millis(t);
            approximate.retainAll(exact.get(i));
            sum += approximate.size() / (double) exact.get(i).size();
        }
        return sum / vectors.size();
    }

    private long indexScans() {
        jdbc.execute("select pg_stat_clear_snapshot()");
        Long scans = jdbc.queryForObject(
                "select idx_scan from pg_stat_user_indexes where indexrelname = 'memories_embedding'", Long.class);
        return scans == null ? 0 : scans;
    }

    private static Set<Long> ids(List<Recalled> recalled) {
        return recalled.stream().map(r -> r.memory().id()).collect(Collectors.toCollection(HashSet::new));
    }

    // ------------------------------------------------------------------------------------------ HNSW recall of gists

    /**
     * {@code hnsw_recall_at_10} again, on what the hub really stores and asks for: gist vectors. The
     * whole-text set is replaced by a set of the same size built from real gists: the labelled
     * messages' and those of {@code total} further recombined texts (head of one message, tail of
     * another, as {@link #recombine} makes them, duplicates allowed), each the embedding of
     * {@link MemoryStore#embeddingText} of its {@link FailureText#excerpt}, so with the exact repeats
     * real failures have (every distinct gist is embedded once). The queries are the held-out texts'
     * gists. Since many stored vectors are identical, the exact top 10 is one of many equally right
     * answers: an HNSW result counts as right when its distance is not larger than the exact 10th.
     */
    private void hnswRecallOfGists(List<Labelled> labelled, List<String> heldOut, Random random) {
        progress("replacing the 100k set by gist vectors");
        List<String> gists = new ArrayList<>(total);
        labelled.forEach(l -> gists.add(gistOf(l.text())));
        gists.addAll(recombinedGists(labelled, total - labelled.size(), random));
        List<String> queryGists = heldOut.stream().map(MemoryBench::gistOf).toList();
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(gists));
        queryGists.stream().filter(g -> !distinct.contains(g)).distinct().forEach(distinct::add);
        long start = System.nanoTime();
        List<float[]> distinctVectors = embedder.embedAll(distinct);
        Map<String, float[]> byGist = new java.util.HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            byGist.put(distinct.get(i), distinctVectors.get(i));
        }
        Set<String> storedGists = new HashSet<>(gists);
        progress("  %d gists, %d distinct, embedded in %.0f s; %d of %d queries' gists are among them",
                gists.size(), storedGists.size(), seconds(start),
                queryGists.stream().filter(storedGists::contains).count(), queryGists.size());

        jdbc.execute("truncate memories cascade");
        String indexDefinition = dropVectorIndex();
        for (int from = 0; from < gists.size(); from += 5_000) {
            List<String> batch = gists.subList(from, Math.min(from + 5_000, gists.size()));
            store.rememberAll(batch.stream().map(g -> failure(g, json.createObjectNode().put("set", "gist"))).toList(),
                    batch.stream().map(byGist::get).toList());
        }
        jdbc.execute("analyze memories");
        progress("building the HNSW index over %d gist vectors (%.0f s)", gists.size(), buildVectorIndex(indexDefinition));
        jdbc.execute("analyze memories");

        List<float[]> vectors = queryGists.stream().map(byGist::get).toList();
        double[] tenth = new double[vectors.size()];
        double[] exactMs = new double[vectors.size()];
        List<Set<Long>> exactIds = new ArrayList<>();
        int tied = 0;
        for (int i = 0; i < vectors.size(); i++) {
            long t = System.nanoTime();
            // one more than 10, to see whether the 10th distance is shared
            List<Recalled> exact = store.recallExact(null, FAILURES, vectors.get(i), 11);
            exactMs[i] = millis(t);
            List<Recalled> top10 = exact.subList(0, Math.min(10, exact.size()));
            tenth[i] = 1 - top10.getLast().similarity();
            exactIds.add(ids(top10));
            tied += exact.size() > 10 && 1 - exact.get(10).similarity() <= tenth[i] + SAME_DISTANCE ? 1 : 0;
        }
        double[] hnswMs = new double[vectors.size()];
        double recall = tieAwareOverlap(store, vectors, tenth, hnswMs);
        figure("hnsw_recall_at_10_gist", "%.3f ratio (HNSW top 10 of gist vectors, a result right when not farther "
                + "than the exact 10th; %d failures' gists, %d distinct, %d queries not in the set, %d of them with "
                + "the 10th distance tied; ef_search=%d as configured; HNSW p50 %.1f ms, exact p50 %.1f ms)", recall,
                gists.size(), storedGists.size(), vectors.size(), tied, Math.max(settings.efSearch(), 10),
                percentile(hnswMs, 50), percentile(exactMs, 50));
        progress("  the same by plain id overlap, which counts a tied equal as wrong: %.3f",
                overlap(store, vectors, exactIds, new double[vectors.size()]));

        progress("hnsw_recall_at_10_gist by hnsw.ef_search (vibecoder.memory.ef-search):");
        for (int efSearch : new int[] {40, 100, 200, 400}) {
            double[] ms = new double[vectors.size()];
            progress("  ef_search %3d: recall %.3f, p50 %.1f ms, p95 %.1f ms", efSearch,
                    tieAwareOverlap(withEfSearch(efSearch), vectors, tenth, ms), percentile(ms, 50), percentile(ms, 95));
        }
    }

    /** The gist the hub embeds a failure output by. */
    private static String gistOf(String output) {
        return MemoryStore.embeddingText(MemoryKind.FAILURE, FailureText.excerpt(output));
    }

    /** The gists of {@code count} recombined texts ({@link #recombine}'s recipe), repeats kept. */
    private static List<String> recombinedGists(List<Labelled> labelled, int count, Random random) {
        List<List<Labelled>> groups = new ArrayList<>(labelled.stream()
                .collect(Collectors.groupingBy(Labelled::toolchain, TreeMap::new, Collectors.toList())).values());
        List<String> gists = new ArrayList<>(count);
        while (gists.size() < count) {
            List<Labelled> group = groups.get(random.nextInt(groups.size()));
            String[] a = group.get(random.nextInt(group.size())).text().split("\n");
            String[] b = group.get(random.nextInt(group.size())).text().split("\n");
            List<String> lines = new ArrayList<>(Arrays.asList(a).subList(0, 1 + random.nextInt(a.length)));
            lines.addAll(Arrays.asList(b).subList(random.nextInt(b.length), b.length));
            String text = String.join("\n", lines).strip();
            if (!text.isEmpty()) {
                gists.add(gistOf(text));
            }
        }
        return gists;
    }

    /**
     * Mean share of the HNSW top 10 that is as near as the exact top 10: a result counts when its
     * distance is not larger than the exact 10th distance ({@code tenth}); times each query.
     */
    private static double tieAwareOverlap(MemoryStore memories, List<float[]> vectors, double[] tenth, double[] ms) {
        double sum = 0;
        for (int i = 0; i < vectors.size(); i++) {
            long t = System.nanoTime();
            List<Recalled> found = memories.recall(null, FAILURES, vectors.get(i), 10, -1);
            ms[i] = millis(t);
            double limit = tenth[i] + SAME_DISTANCE;
            sum += found.stream().filter(r -> 1 - r.similarity() <= limit).count() / 10.0;
        }
        return sum / vectors.size();
    }

    /** The same store class with another {@code hnsw.ef_search}. */
    private MemoryStore withEfSearch(int efSearch) {
        return new MemoryStore(jdbc, tx, json, embedder, new MemoryProperties(settings.recallK(),
                settings.recallTokenBudget(), settings.minSimilarity(), settings.patternSimilarity(),
                settings.patternMinOccurrences(), efSearch));
    }

    // ------------------------------------------------------------------------------------------ latency

    private void latency(List<String> heldOut, List<Labelled> labelled) {
        for (int i = 0; i < 20; i++) {
            store.recall(null, FAILURES, store.embed(MemoryKind.FAILURE, labelled.get(i * 7 % labelled.size()).text()), 10, 0);
        }
        // each query's embedding is also timed alone, right after it, so that both see the same machine
        // (other processes on two cores make the load vary over a run)
        double[] ms = new double[heldOut.size()];
        double[] embedMs = new double[heldOut.size()];
        for (int i = 0; i < heldOut.size(); i++) {
            long t = System.nanoTime();
            store.recall(null, FAILURES, store.embed(MemoryKind.FAILURE, heldOut.get(i)), 10, 0);
            ms[i] = millis(t);
            t = System.nanoTime();
            store.embed(MemoryKind.FAILURE, heldOut.get(i));
            embedMs[i] = millis(t);
        }
        String note = ("(MemoryStore.recall of a failure text's embedding, MemoryStore.embed included, k=10, %d "
                + "queries one at a time; its gist's embedding alone p50 %.1f ms, p95 %.1f ms)").formatted(ms.length, percentile(embedMs, 50),
                percentile(embedMs, 95));
        figure("recall_p50_ms_100k", "%.1f ms %s", percentile(ms, 50), note);
        figure("recall_p95_ms_100k", "%.1f ms %s", percentile(ms, 95), note);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private NewMemory failure(String text, ObjectNode details) {
        return failure(ROLE, text, details);
    }

    private NewMemory failure(String role, String text, ObjectNode details) {
        return new NewMemory(MemoryKind.FAILURE, role, project, null, null, text, details, MemoryOutcome.FAILED, null);
    }

    private ObjectNode details(Labelled l) {
        return json.createObjectNode().put("set", "labelled").put("id", l.id()).put("category", l.category())
                .put("toolchain", l.toolchain());
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))];
    }

    private void figure(String name, String format, Object... args) {
        figures.println(name + ": " + String.format(Locale.ROOT, format, args));
        figures.flush();
    }

    private void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[memory-bench %4.0fs] " + format + "%n",
                prepend(seconds(started), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double millis(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
