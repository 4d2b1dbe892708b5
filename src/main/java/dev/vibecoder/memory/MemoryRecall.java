package dev.vibecoder.memory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which memories go into a prompt: those relevant to a role's step, or to the failure a fixer
 * answers. ({@link MemoryNotes} says how they read there, within the token budget.)
 */
@Component
public class MemoryRecall {

    private static final Set<MemoryKind> ROLE_MEMORIES = EnumSet.of(MemoryKind.EXPERIENCE, MemoryKind.REFLECTION);
    /** Similar failures looked at per reflection wanted: not every failure has been reflected on. */
    private static final int FAILURES_PER_REFLECTION = 4;
    private final MemoryStore memories;
    private final FailurePatterns patterns;
    private final JdbcTemplate jdbc;
    private final MemoryProperties settings;

    public MemoryRecall(MemoryStore memories, FailurePatterns patterns, JdbcTemplate jdbc, MemoryProperties settings) {
        this.memories = memories;
        this.patterns = patterns;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** A role's step as its memory looks for it: the task's text, embedded. */
    public TaskQuery taskQuery(String idea, String documentTitle, String subject) {
        String text = MemoryRecorder.taskText(idea, documentTitle, subject);
        return new TaskQuery(idea, text, memories.embed(MemoryKind.EXPERIENCE, text));
    }

    /** Relevant memories of this role (experiences and reflections), top {@code vibecoder.memory.recall-k}. */
    public List<Recalled> forRole(String role, TaskQuery task) {
        return memories.recall(role, ROLE_MEMORIES, task.embedding(), settings.recallK(), settings.minSimilarity());
    }

    /**
     * For the fixer, top {@code recall-k} reflections with their outcomes: the best fix of the named
     * pattern this failure belongs to first, then the other reflections on that pattern's failures
     * (those whose fix succeeded first), then reflections on failures whose text is similar, most
     * similar first. The similarity given is the failure's to the pattern, or to the similar failure.
     */
    public List<Recalled> forFailure(String failureText) {
        int k = settings.recallK();
        Map<Long, Recalled> found = new LinkedHashMap<>();
        // embedded once, for the pattern and for the similar failures
        float[] query = memories.embed(MemoryKind.FAILURE, failureText);
        Optional<FailurePatterns.Matched> matched = patterns.match(query);
        if (matched.isPresent()) {
            double similarity = matched.get().similarity();
            long patternId = matched.get().pattern().id();
            if (matched.get().pattern().named()) {
                patterns.bestFix(patternId).ifPresent(fix -> found.put(fix.id(), new Recalled(fix, similarity)));
            }
            for (Memory reflection : patterns.reflections(patternId, k)) {
                found.putIfAbsent(reflection.id(), new Recalled(reflection, similarity));
            }
        }
        List<Recalled> similarFailures = memories.recall(null, EnumSet.of(MemoryKind.FAILURE), query,
                k * FAILURES_PER_REFLECTION, settings.minSimilarity());
        Map<Long, List<Memory>> reflections = reflectionsOn(similarFailures.stream().map(r -> r.memory().id()).toList());
        for (Recalled failure : similarFailures) {
            for (Memory reflection : reflections.getOrDefault(failure.memory().id(), List.of())) {
                found.putIfAbsent(reflection.id(), new Recalled(reflection, failure.similarity()));
            }
        }
        return found.values().stream().limit(k).toList();
    }

    /** The reflections answering each of these failures, newest first. */
    private Map<Long, List<Memory>> reflectionsOn(List<Long> failureIds) {
        Map<Long, List<Memory>> byFailure = new HashMap<>();
        if (failureIds.isEmpty()) {
            return byFailure;
        }
        jdbc.query("select " + MemoryStore.COLUMNS + """
                 from memories m where m.related_memory_id = any(?) and m.kind = 'REFLECTION'
                order by m.created_at desc, m.id desc
                """, (rs, i) -> memories.map(rs), (Object) failureIds.toArray(Long[]::new))
                .forEach(reflection -> byFailure.computeIfAbsent(reflection.relatedMemoryId(), id -> new ArrayList<>())
                        .add(reflection));
        return byFailure;
    }
}
