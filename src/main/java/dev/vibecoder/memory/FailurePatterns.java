package dev.vibecoder.memory;

import com.pgvector.PGvector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failure clustering. A failure is compared by the embedding of its {@link FailureSignature#gist}
 * (the key error line with names and numbers generalised), not of its whole output: outputs of one
 * cause differ mostly in exactly what the model weighs most. It joins the pattern whose centroid (the
 * mean of its members' gists) is nearest, when that is at least {@code vibecoder.memory.pattern-similarity}
 * similar, or starts a pattern of its own; a pattern seen {@code pattern-min-occurrences} times is
 * named, and its best fix is offered to the fixer first.
 */
@Component
public class FailurePatterns {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePatterns.class);

    /**
     * Classifications are serialised across hubs by this transaction-scoped advisory lock: two similar
     * failures classified at once would otherwise both start a pattern of their own. Classifying is
     * rare (a failure) and quick (one nearest-centroid query), so one lock for all costs nothing.
     */
    private static final long CLASSIFY_LOCK = 0x5642_4D45_4D5FL; // "VBMEM_"
    private static final int MAX_EXAMPLE = 2000;
    /**
     * Lessons at least this similar say the same thing. Lessons are one short sentence, which the
     * model scores lower than long texts: paraphrases of one fix measured 0.63-0.91 ("add each
     * imported third-party package to requirements.txt" / "list every third-party import in
     * requirements.txt"), different fixes for the same failure 0.30-0.38.
     */
    private static final double SAME_LESSON = 0.6;
    /** The newest succeeded fixes of a pattern compared for agreement; older ones rarely decide it. */
    private static final int FIXES_COMPARED = 20;

    private static final String PATTERN_COLUMNS = "p.id, p.name, p.occurrences, p.first_seen, p.last_seen, p.example";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MemoryStore memories;
    private final Embedder embedder;
    private final MemoryProperties settings;

    public FailurePatterns(JdbcTemplate jdbc, TransactionTemplate tx, MemoryStore memories, Embedder embedder,
            MemoryProperties settings) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.memories = memories;
        this.embedder = embedder;
        this.settings = settings;
    }

    /**
     * Puts a FAILURE memory into the nearest pattern (centroid cosine similarity at least
     * {@code vibecoder.memory.pattern-similarity}) or a new one, and returns that pattern. Idempotent
     * per memory: a failure classified before keeps its pattern.
     */
    public FailurePattern classify(long failureMemoryId) {
        Memory failure = memories.get(failureMemoryId)
                .orElseThrow(() -> new IllegalArgumentException("no memory " + failureMemoryId));
        if (failure.kind() != MemoryKind.FAILURE) {
            throw new IllegalArgumentException("memory " + failureMemoryId + " is a " + failure.kind()
                    + ", only failures are classified");
        }
        if (failure.patternId() != null) {
            return pattern(failure.patternId());
        }
        FailureSignature signature = FailureSignature.of(failure.text());
        float[] gist = embedder.embed(signature.gist());
        long patternId = tx.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, CLASSIFY_LOCK);
            Long classified = jdbc.queryForObject("select pattern_id from memories where id = ?", Long.class,
                    failureMemoryId);
            if (classified != null) {
                // classified concurrently while this call computed the gist's embedding
                return classified;
            }
            Optional<Nearest> nearest = nearestPattern(gist);
            long id;
            if (nearest.isPresent() && nearest.get().similarity() >= settings.patternSimilarity()) {
                id = nearest.get().id();
                join(nearest.get(), gist, failure.createdAt());
            } else {
                id = start(signature, gist, failure);
                LOG.info("new failure pattern {} '{}' (nearest similarity {})", id, signature.name(),
                        nearest.map(n -> "%.3f".formatted(n.similarity())).orElse("none"));
            }
            jdbc.update("update memories set pattern_id = ? where id = ?", id, failureMemoryId);
            return id;
        });
        return pattern(patternId);
    }

    /** The pattern a failure was classified into. */
    public Optional<FailurePattern> of(long failureMemoryId) {
        return jdbc.query("select " + PATTERN_COLUMNS
                        + " from failure_patterns p join memories m on m.pattern_id = p.id where m.id = ?",
                patternMapper(), failureMemoryId).stream().findFirst();
    }

    public Optional<FailurePattern> get(long patternId) {
        return jdbc.query("select " + PATTERN_COLUMNS + " from failure_patterns p where p.id = ?", patternMapper(),
                patternId).stream().findFirst();
    }

    /**
     * Named patterns, most frequent first, seen since {@code since}: {@code occurrences} counts the
     * failures since then, so a pattern that was common long ago does not crowd out today's.
     */
    public List<FailurePattern> mostCommon(OffsetDateTime since, int limit) {
        return jdbc.query("""
                select p.id, p.name, count(m.id)::int as occurrences, p.first_seen, p.last_seen, p.example,
                       p.occurrences as total
                  from failure_patterns p join memories m on m.pattern_id = p.id
                 where p.occurrences >= ? and m.created_at >= ?
                 group by p.id
                 order by count(m.id) desc, p.last_seen desc, p.id
                 limit ?
                """, (rs, i) -> pattern(rs, rs.getInt("total")), settings.patternMinOccurrences(), since, limit);
    }

    /** The named patterns a project's failures belong to, most frequent (in the project) first. */
    public List<FailurePattern> ofProject(UUID projectId) {
        return jdbc.query("""
                select p.id, p.name, p.occurrences, p.first_seen, p.last_seen, p.example
                  from failure_patterns p join memories m on m.pattern_id = p.id
                 where m.project_id = ? and p.occurrences >= ?
                 group by p.id
                 order by count(m.id) desc, p.last_seen desc, p.id
                """, patternMapper(), projectId, settings.patternMinOccurrences());
    }

    /**
     * The pattern a failure text would join, named or not yet: the nearest centroid, if it is similar
     * enough. The similarity is the failure gist's to the centroid. Nothing is stored.
     */
    public Optional<Matched> match(String failureText) {
        float[] gist = embedder.embed(FailureSignature.of(failureText).gist());
        return nearestPattern(gist)
                .filter(nearest -> nearest.similarity() >= settings.patternSimilarity())
                .map(nearest -> new Matched(pattern(nearest.id()), nearest.similarity()));
    }

    /** A pattern a failure text matched, and how closely. */
    public record Matched(FailurePattern pattern, double similarity) {
    }

    /**
     * The pattern's most successful fix: among the reflections on its failures whose fix succeeded,
     * the one whose lesson the most others agree with (several reflections saying the same thing),
     * the newest on ties. Empty when no fix succeeded.
     */
    public Optional<Memory> bestFix(long patternId) {
        List<Memory> succeeded = jdbc.query("select " + MemoryStore.COLUMNS + """
                 from memories m join memories f on f.id = m.related_memory_id
                where f.pattern_id = ? and m.kind = 'REFLECTION' and m.outcome = 'SUCCEEDED'
                order by m.created_at desc, m.id desc
                limit ?
                """, (rs, i) -> memories.map(rs), patternId, FIXES_COMPARED);
        if (succeeded.size() <= 1) {
            return succeeded.stream().findFirst();
        }
        List<float[]> lessons = embedder.embedAll(succeeded.stream()
                .map(fix -> fix.lesson() != null ? fix.lesson() : fix.text()).toList());
        Memory best = null;
        int mostAgreeing = -1;
        // newest first, and only a strictly larger agreement replaces the best: the newest wins ties
        for (int i = 0; i < succeeded.size(); i++) {
            int agreeing = 0;
            for (float[] other : lessons) {
                if (Embedder.similarity(lessons.get(i), other) >= SAME_LESSON) {
                    agreeing++;
                }
            }
            if (agreeing > mostAgreeing) {
                best = succeeded.get(i);
                mostAgreeing = agreeing;
            }
        }
        return Optional.of(best);
    }

    private record Nearest(long id, float[] centroid, int occurrences, double similarity) {
    }

    private Optional<Nearest> nearestPattern(float[] gist) {
        // patterns are few (one per kind of failure), so this scans them all
        return jdbc.query("""
                select id, centroid::text as centroid, occurrences, 1 - (centroid <=> ?) as similarity
                  from failure_patterns order by centroid <=> ?, id limit 1
                """, (rs, i) -> new Nearest(rs.getLong("id"), new PGvector(rs.getString("centroid")).toArray(),
                rs.getInt("occurrences"), rs.getDouble("similarity")),
                new PGvector(gist), new PGvector(gist)).stream().findFirst();
    }

    /** Adds a member: the centroid moves to the mean of all members' gists. */
    private void join(Nearest pattern, float[] gist, OffsetDateTime seen) {
        float[] centroid = pattern.centroid().clone();
        int members = pattern.occurrences() + 1;
        for (int i = 0; i < centroid.length; i++) {
            centroid[i] += (gist[i] - centroid[i]) / members;
        }
        jdbc.update("""
                update failure_patterns
                   set centroid = ?, occurrences = occurrences + 1,
                       first_seen = least(first_seen, ?), last_seen = greatest(last_seen, ?)
                 where id = ?
                """, new PGvector(centroid), seen, seen, pattern.id());
    }

    private long start(FailureSignature signature, float[] gist, Memory failure) {
        String example = failure.text().length() <= MAX_EXAMPLE ? failure.text()
                : failure.text().substring(0, MAX_EXAMPLE - 1) + FailureSignature.ELIDED;
        return jdbc.queryForObject("""
                insert into failure_patterns (name, centroid, occurrences, first_seen, last_seen, example)
                values (?, ?, 1, ?, ?, ?) returning id
                """, Long.class, signature.name(), new PGvector(gist), failure.createdAt(), failure.createdAt(),
                example);
    }

    private FailurePattern pattern(long id) {
        return get(id).orElseThrow(() -> new IllegalStateException("failure pattern " + id + " vanished"));
    }

    private RowMapper<FailurePattern> patternMapper() {
        return (rs, i) -> pattern(rs, rs.getInt("occurrences"));
    }

    /** {@code total} decides whether the pattern is named; {@code occurrences} is what is reported. */
    private FailurePattern pattern(ResultSet rs, int total) throws SQLException {
        return new FailurePattern(rs.getLong("id"), rs.getString("name"), rs.getInt("occurrences"),
                total >= settings.patternMinOccurrences(), rs.getObject("first_seen", OffsetDateTime.class),
                rs.getObject("last_seen", OffsetDateTime.class), rs.getString("example"));
    }
}
