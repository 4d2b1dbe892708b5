package dev.vibecoder.memory;

import com.pgvector.PGvector;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failure clustering. A failure is compared by the embedding of its {@link FailureSignature#gist}
 * (the key error line with names and numbers generalised), not of its whole output: outputs of one
 * cause differ mostly in exactly what the model weighs most. It joins the pattern whose centroid (the
 * mean of its members' gists) is nearest, when that is at least {@code vibecoder.memory.pattern-similarity}
 * similar, or starts a pattern of its own; a pattern seen {@code pattern-min-occurrences} times is
 * named, and its best fix, worked out whenever a fix of one of its failures is settled, is offered to
 * the fixer first.
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

    /**
     * Patterns with what their failures say of them. {@code occurrences} counts the failures that meet
     * the condition filled in for {@code %s} (on memory {@code m}): only patterns with such failures
     * are listed, most of them first. {@code total}, {@code first_seen} and {@code last_seen} are over
     * all of a pattern's failures; patterns with fewer than the first parameter after the condition's
     * in all are left out.
     */
    private static final String PATTERNS = """
            with counted as (
                select m.pattern_id, count(*)::int as occurrences
                  from memories m
                 where m.pattern_id is not null and %s
                 group by m.pattern_id)
            select p.id, p.name, p.example, c.occurrences, s.total, s.first_seen, s.last_seen
              from counted c
              join failure_patterns p on p.id = c.pattern_id
              cross join lateral (
                    select count(*)::int as total, min(f.created_at) as first_seen, max(f.created_at) as last_seen
                      from memories f
                     where f.pattern_id = p.id) s
             where s.total >= ?
             order by c.occurrences desc, s.last_seen desc, p.id
             limit ?
            """;

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
        long patternId = tx.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, CLASSIFY_LOCK);
            Long classified = jdbc.queryForObject("select pattern_id from memories where id = ?", Long.class,
                    failureMemoryId);
            if (classified != null) {
                // classified concurrently, while this call waited for the lock
                return classified;
            }
            // the failure was stored with its gist's embedding: compared as it is, nothing embedded again
            Optional<Nearest> nearest = nearest("select embedding as v from memories where id = ?", failureMemoryId);
            long id;
            if (nearest.isPresent() && nearest.get().similarity() >= settings.patternSimilarity()) {
                id = nearest.get().id();
            } else {
                id = start(failure, nearest);
            }
            jdbc.update("update memories set pattern_id = ? where id = ?", id, failureMemoryId);
            // the mean of the members' gists, this one's included, worked out from them: it reads each
            // member's embedding once per join, and stays their mean when failures are forgotten
            jdbc.update("""
                    update failure_patterns
                       set centroid = (select avg(embedding) from memories where pattern_id = ?)
                     where id = ?
                    """, id, id);
            return id;
        });
        if (hasWorkingFix(failureMemoryId)) {
            // reflected on, and fixed, before it was classified: the pattern's best fix may change
            chooseBestFix(patternId);
        }
        return pattern(patternId);
    }

    private boolean hasWorkingFix(long failureMemoryId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from memories
                                where related_memory_id = ? and kind = 'REFLECTION' and outcome = 'SUCCEEDED')
                """, Boolean.class, failureMemoryId));
    }

    /** A pattern with all its failures counted; empty when it has none (left). */
    public Optional<FailurePattern> get(long patternId) {
        return patterns("m.pattern_id = ?", 1, 1, patternId).stream().findFirst();
    }

    /**
     * Named patterns, most frequent first, seen since {@code since}: {@code occurrences} counts the
     * failures since then, so a pattern that was common long ago does not crowd out today's.
     */
    public List<FailurePattern> mostCommon(OffsetDateTime since, int limit) {
        return patterns("m.kind = 'FAILURE' and m.created_at >= ?", settings.patternMinOccurrences(), limit, since);
    }

    /**
     * The named patterns a project's failures belong to, most frequent in the project first:
     * {@code occurrences} counts the project's failures.
     */
    public List<FailurePattern> ofProject(UUID projectId) {
        return patterns("m.project_id = ?", settings.patternMinOccurrences(), Integer.MAX_VALUE, projectId);
    }

    private List<FailurePattern> patterns(String counted, int minTotal, int limit, Object... conditionParameters) {
        Object[] parameters = Arrays.copyOf(conditionParameters, conditionParameters.length + 2);
        parameters[conditionParameters.length] = minTotal;
        parameters[conditionParameters.length + 1] = limit;
        return jdbc.query(PATTERNS.formatted(counted), (rs, i) -> new FailurePattern(rs.getLong("id"),
                rs.getString("name"), rs.getInt("occurrences"), rs.getInt("total") >= settings.patternMinOccurrences(),
                rs.getObject("first_seen", OffsetDateTime.class), rs.getObject("last_seen", OffsetDateTime.class),
                rs.getString("example")), parameters);
    }

    /**
     * The pattern a failure would join, named or not yet: the nearest centroid, if it is similar
     * enough. The similarity is the failure gist's to the centroid. Nothing is stored.
     *
     * @param failure the failure's embedding, {@link MemoryStore#embed}
     */
    public Optional<Matched> match(float[] failure) {
        return nearest("select cast(? as vector) as v", new PGvector(failure))
                .filter(nearest -> nearest.similarity() >= settings.patternSimilarity())
                .map(nearest -> new Matched(pattern(nearest.id()), nearest.similarity()));
    }

    /** A pattern a failure text matched, and how closely. */
    public record Matched(FailurePattern pattern, double similarity) {
    }

    /**
     * The pattern's most successful fix, as last worked out ({@link #settle}): among the reflections
     * on its failures whose fix succeeded, the one whose lesson the most others agree with (several
     * reflections saying the same thing), the newest on ties. Empty when no fix succeeded.
     */
    public Optional<Memory> bestFix(long patternId) {
        return jdbc.query("select " + MemoryStore.COLUMNS + """
                 from failure_patterns p join memories m on m.id = p.best_fix_id
                where p.id = ?
                """, (rs, i) -> memories.map(rs), patternId).stream().findFirst();
    }

    /** Reflections on a pattern's failures: those whose fix succeeded first, then the newest. */
    public List<Memory> reflections(long patternId, int limit) {
        return jdbc.query("select " + MemoryStore.COLUMNS + """
                 from memories m join memories f on f.id = m.related_memory_id
                where f.pattern_id = ? and m.kind = 'REFLECTION'
                order by m.outcome = 'SUCCEEDED' desc, m.created_at desc, m.id desc
                limit ?
                """, (rs, i) -> memories.map(rs), patternId, limit);
    }

    /**
     * Records how a reflection's fix turned out (the next run of its loop passed or failed) and, when
     * that can change it, works out the best fix of the pattern the reflection's failure is in: the
     * best fix changes only when a fix is found to work (or no longer to).
     */
    public void settle(long reflectionId, MemoryOutcome outcome) {
        Memory reflection = memories.get(reflectionId)
                .orElseThrow(() -> new IllegalArgumentException("no memory " + reflectionId));
        memories.setOutcome(reflectionId, outcome);
        if (reflection.relatedMemoryId() != null
                && (outcome == MemoryOutcome.SUCCEEDED || reflection.outcome() == MemoryOutcome.SUCCEEDED)) {
            memories.get(reflection.relatedMemoryId()).map(Memory::patternId).ifPresent(this::chooseBestFix);
        }
    }

    /**
     * Works out the pattern's best fix and stores it. Its row is locked meanwhile, so that of two
     * fixes settled at once the later sees the earlier. The lessons are embedded here, once per
     * settled fix, not each time the best fix is read.
     */
    private void chooseBestFix(long patternId) {
        tx.executeWithoutResult(status -> {
            jdbc.query("select id from failure_patterns where id = ? for update", rs -> null, patternId);
            List<Memory> succeeded = reflections(patternId, FIXES_COMPARED).stream()
                    .filter(fix -> fix.outcome() == MemoryOutcome.SUCCEEDED).toList();
            jdbc.update("update failure_patterns set best_fix_id = ? where id = ?",
                    mostAgreedOn(succeeded).map(Memory::id).orElse(null), patternId);
        });
    }

    /** Of these fixes, newest first, the one whose lesson the most agree with; the newest on ties. */
    private Optional<Memory> mostAgreedOn(List<Memory> fixes) {
        if (fixes.size() <= 1) {
            return fixes.stream().findFirst();
        }
        List<float[]> lessons = embedder.embedAll(fixes.stream()
                .map(fix -> fix.lesson() != null ? fix.lesson() : fix.text()).toList());
        Memory best = null;
        int mostAgreeing = -1;
        // newest first, and only a strictly larger agreement replaces the best: the newest wins ties
        for (int i = 0; i < fixes.size(); i++) {
            int agreeing = 0;
            for (float[] other : lessons) {
                if (Embedder.similarity(lessons.get(i), other) >= SAME_LESSON) {
                    agreeing++;
                }
            }
            if (agreeing > mostAgreeing) {
                best = fixes.get(i);
                mostAgreeing = agreeing;
            }
        }
        return Optional.of(best);
    }

    private record Nearest(long id, double similarity) {
    }

    /** The pattern whose centroid is nearest to the vector {@code v} the query selects. */
    private Optional<Nearest> nearest(String query, Object parameter) {
        // patterns are few (one per kind of failure), so this scans them all
        return jdbc.query("""
                with query as (%s)
                select p.id, 1 - (p.centroid <=> q.v) as similarity
                  from failure_patterns p, query q
                 order by p.centroid <=> q.v, p.id
                 limit 1
                """.formatted(query), (rs, i) -> new Nearest(rs.getLong("id"), rs.getDouble("similarity")),
                parameter).stream().findFirst();
    }

    /** A pattern of the failure's own, named after it, its centroid the failure's embedding. */
    private long start(Memory failure, Optional<Nearest> nearest) {
        String name = FailureSignature.of(failure.text()).name();
        String example = failure.text().length() <= MAX_EXAMPLE ? failure.text()
                : failure.text().substring(0, MAX_EXAMPLE - 1) + FailureSignature.ELIDED;
        long id = jdbc.queryForObject("""
                insert into failure_patterns (name, centroid, example)
                select ?, embedding, ? from memories where id = ?
                returning id
                """, Long.class, name, example, failure.id());
        LOG.info("new failure pattern {} '{}' (nearest similarity {})", id, name,
                nearest.map(n -> "%.3f".formatted(n.similarity())).orElse("none"));
        return id;
    }

    private FailurePattern pattern(long id) {
        return get(id).orElseThrow(() -> new IllegalStateException("failure pattern " + id + " vanished"));
    }
}
