package dev.vibecoder.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Memories in PostgreSQL with their embeddings in a pgvector column, searched by cosine similarity
 * through an HNSW index. They belong to the deployment: they outlive projects and restarts.
 *
 * <p>Filtered recall: an HNSW scan visits {@code hnsw.ef_search} candidates and the role/kind filter
 * is applied to them afterwards, so a filter that few near neighbours pass would return fewer than
 * k rows. Every recall therefore runs in a transaction with {@code hnsw.iterative_scan} (pgvector
 * 0.8), which keeps scanning until k rows pass the filter, and with {@code hnsw.ef_search} from
 * {@code vibecoder.memory.ef-search}.
 */
@Repository
public class MemoryStore {

    /** A memory's columns, without its embedding (which nobody reading memories needs). */
    static final String COLUMNS = """
            m.id, m.kind, m.role, m.project_id, m.source_document_id, m.step_key, m.text, m.details::text as details,
            m.outcome, m.related_memory_id, m.pattern_id, m.created_at""";
    private static final String INSERT = """
            insert into memories (kind, role, project_id, source_document_id, step_key, text, details, outcome,
                related_memory_id, embedding)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
            on conflict (source_document_id, kind) where source_document_id is not null do nothing
            """;
    private static final int BATCH_SIZE = 1000;
    /** pgvector's upper limit; a larger k is still served, by the iterative scan. */
    private static final int MAX_EF_SEARCH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Embedder embedder;
    private final MemoryProperties settings;
    private final RowMapper<Memory> memoryMapper = (rs, i) -> map(rs);
    private final RowMapper<Recalled> recalledMapper = (rs, i) -> new Recalled(map(rs), rs.getDouble("similarity"));

    public MemoryStore(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, Embedder embedder,
            MemoryProperties settings) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.embedder = embedder;
        this.settings = settings;
    }

    /**
     * What a memory's embedding is computed from. Failures by their gist ({@link FailureSignature}):
     * whole outputs of one cause differ most in what the model weighs most (names, paths, values), so
     * they find each other only by their gists (recall@5 on 528 real failures: 0.66 by whole text, 0.90
     * by gist; see docs/benchmarks.md). Anything else by its text. (A reflection that answers a stored
     * failure takes that failure's embedding instead: see {@link #remember(NewMemory)}.)
     */
    public static String embeddingText(MemoryKind kind, String text) {
        return kind == MemoryKind.FAILURE ? FailureSignature.of(text).gist() : text;
    }

    /**
     * The embedding a memory of this kind and text is stored by ({@link #embeddingText}), and so what
     * a query for such memories is compared with: for a failure output, its gist's.
     */
    public float[] embed(MemoryKind kind, String text) {
        return embedder.embed(embeddingText(kind, text));
    }

    /**
     * Embeds and stores; returns the id (the existing one for a repeated sourceDocumentId+kind). A
     * reflection answering a stored failure ({@code relatedMemoryId}) is stored with that failure's
     * embedding, so that failures like it find the reflection; nothing is embedded again.
     */
    public long remember(NewMemory memory) {
        return remember(memory, () -> memory.kind() == MemoryKind.REFLECTION && memory.relatedMemoryId() != null
                ? embedding(memory.relatedMemoryId())
                : embed(memory.kind(), memory.text()));
    }

    /** Stores with an embedding the caller already has; returns the id as {@link #remember(NewMemory)} does. */
    public long remember(NewMemory memory, float[] embedding) {
        return remember(memory, () -> embedding);
    }

    private long remember(NewMemory memory, Supplier<float[]> embedding) {
        if (memory.sourceDocumentId() != null) {
            // a redelivered event: no need to run the model again
            Optional<Memory> existing = bySource(memory.sourceDocumentId(), memory.kind());
            if (existing.isPresent()) {
                return existing.get().id();
            }
        }
        Long id = jdbc.query(INSERT + " returning id", rs -> rs.next() ? rs.getLong(1) : null,
                parameters(memory, embedding.get()));
        if (id != null) {
            return id;
        }
        // a concurrent delivery of the same source won the race
        return bySource(memory.sourceDocumentId(), memory.kind()).orElseThrow().id();
    }

    /**
     * Stores with precomputed embeddings (one per memory, same order), in batches; a repeated
     * sourceDocumentId+kind is skipped. For loading many memories at once, e.g. benchmarks.
     */
    public void rememberAll(List<NewMemory> memories, List<float[]> embeddings) {
        if (memories.size() != embeddings.size()) {
            throw new IllegalArgumentException(memories.size() + " memories but " + embeddings.size() + " embeddings");
        }
        for (int from = 0; from < memories.size(); from += BATCH_SIZE) {
            int to = Math.min(from + BATCH_SIZE, memories.size());
            List<Object[]> rows = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                rows.add(parameters(memories.get(i), embeddings.get(i)));
            }
            tx.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows));
        }
    }

    public Optional<Memory> get(long id) {
        return jdbc.query("select " + COLUMNS + " from memories m where m.id = ?", memoryMapper, id).stream()
                .findFirst();
    }

    /** A stored memory's embedding. */
    float[] embedding(long id) {
        return jdbc.query("select embedding::text from memories where id = ?",
                        (rs, i) -> new PGvector(rs.getString(1)).toArray(), id).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no memory " + id));
    }

    public Optional<Memory> bySource(UUID sourceDocumentId, MemoryKind kind) {
        return jdbc.query("select " + COLUMNS + " from memories m where m.source_document_id = ? and m.kind = ?",
                memoryMapper, sourceDocumentId, kind.name()).stream().findFirst();
    }

    /** A project's memories of a kind whose outcome is not known yet, oldest first. */
    public List<Memory> pending(UUID projectId, MemoryKind kind) {
        return jdbc.query("select " + COLUMNS + """
                 from memories m where m.project_id = ? and m.kind = ? and m.outcome = 'PENDING'
                order by m.id
                """, memoryMapper, projectId, kind.name());
    }

    /**
     * Records how the remembered thing turned out. A reflection's outcome is settled through
     * {@link FailurePatterns#settle}, which keeps its pattern's best fix up to date.
     */
    void setOutcome(long id, MemoryOutcome outcome) {
        if (jdbc.update("update memories set outcome = ? where id = ?", outcome.name(), id) == 0) {
            throw new IllegalArgumentException("no memory " + id);
        }
    }

    /**
     * The k memories most similar to the query, most similar first, through the HNSW index.
     *
     * @param role          null for any role
     * @param kinds         empty for any kind
     * @param query         an embedding, e.g. {@link #embed} of what the memories are looked for by
     * @param minSimilarity memories less similar than this are left out, even if fewer than k remain
     */
    public List<Recalled> recall(String role, Set<MemoryKind> kinds, float[] query, int k, double minSimilarity) {
        List<Recalled> nearest = nearest(role, kinds, query, k, false);
        return nearest.stream().filter(r -> r.similarity() >= minSimilarity).toList();
    }

    /** The same query as exact (sequential) search, without the index: the truth to measure the index by. */
    public List<Recalled> recallExact(String role, Set<MemoryKind> kinds, float[] query, int k) {
        return nearest(role, kinds, query, k, true);
    }

    private List<Recalled> nearest(String role, Set<MemoryKind> kinds, float[] query, int k, boolean exact) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        checkDimensions(query);
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        parameters.add(new PGvector(query));
        if (role != null) {
            conditions.add("m.role = ?");
            parameters.add(role);
        }
        if (kinds != null && !kinds.isEmpty()) {
            conditions.add("m.kind = any(?)");
            parameters.add(kinds.stream().map(Enum::name).toArray(String[]::new));
        }
        parameters.add(k);
        String where = conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions);
        // with iterative scans the index may return rows slightly out of order (relaxed_order, faster than
        // strict): the materialised inner query takes the k nearest, the outer one puts them in order
        String sql = """
                with nearest as materialized (
                    select %s, m.embedding <=> ? as distance
                      from memories m
                     %s
                     order by distance
                     limit ?)
                select nearest.*, 1 - distance as similarity from nearest order by distance, id
                """.formatted(COLUMNS, where);
        return tx.execute(status -> {
            if (exact) {
                // the vector index can only be used by an index scan; bitmap scans on role/kind stay allowed
                jdbc.query("select set_config('enable_indexscan', 'off', true)", rs -> null);
            } else {
                jdbc.query("select set_config('hnsw.ef_search', ?, true), "
                                + "set_config('hnsw.iterative_scan', 'relaxed_order', true)",
                        rs -> null, String.valueOf(Math.min(MAX_EF_SEARCH, Math.max(settings.efSearch(), k))));
            }
            return jdbc.query(sql, recalledMapper, parameters.toArray());
        });
    }

    private Object[] parameters(NewMemory memory, float[] embedding) {
        checkDimensions(embedding);
        return new Object[] {memory.kind().name(), memory.role(), memory.projectId(), memory.sourceDocumentId(),
                memory.stepKey(), memory.text(), write(memory.details()), memory.outcome().name(),
                memory.relatedMemoryId(), new PGvector(embedding)};
    }

    private static void checkDimensions(float[] vector) {
        if (vector == null || vector.length != Embedder.DIMENSIONS) {
            throw new IllegalArgumentException("an embedding has " + Embedder.DIMENSIONS + " dimensions, not "
                    + (vector == null ? "none" : vector.length));
        }
    }

    private String write(JsonNode details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("details cannot be written as JSON", e);
        }
    }

    Memory map(ResultSet rs) throws SQLException {
        JsonNode details;
        try {
            details = json.readTree(rs.getString("details"));
        } catch (JsonProcessingException e) {
            throw new SQLException("memory " + rs.getLong("id") + " has unreadable details", e);
        }
        long related = rs.getLong("related_memory_id");
        Long relatedId = rs.wasNull() ? null : related;
        long pattern = rs.getLong("pattern_id");
        Long patternId = rs.wasNull() ? null : pattern;
        return new Memory(rs.getLong("id"), MemoryKind.valueOf(rs.getString("kind")), rs.getString("role"),
                rs.getObject("project_id", UUID.class), rs.getObject("source_document_id", UUID.class),
                rs.getString("step_key"), rs.getString("text"), details, MemoryOutcome.valueOf(rs.getString("outcome")),
                relatedId, patternId, rs.getObject("created_at", OffsetDateTime.class));
    }
}
