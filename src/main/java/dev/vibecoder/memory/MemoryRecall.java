package dev.vibecoder.memory;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which memories go into a prompt: those relevant to a role's step, or to the failure a fixer
 * answers. ({@link MemoryNotes} says how they read there, within the token budget.)
 */
@Component
public class MemoryRecall {

    private static final Set<MemoryKind> ROLE_MEMORIES = EnumSet.of(MemoryKind.EXPERIENCE, MemoryKind.REFLECTION);
    private final MemoryStore memories;
    private final FailurePatterns patterns;
    private final MemoryProperties settings;

    public MemoryRecall(MemoryStore memories, FailurePatterns patterns, MemoryProperties settings) {
        this.memories = memories;
        this.patterns = patterns;
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
     * (those whose fix succeeded first), then reflections on failures whose gist is similar, most
     * similar first. The similarity given is the failure's to the pattern, or to the reflection's failure.
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
        // then reflections on similar failures: a reflection carries the gist vector of the failure it
        // answers. Gists repeat (one per kind of failure), which an HNSW graph handles poorly (at 100k
        // failures it found 0.62 of the exact nearest, see docs/benchmarks.md); reflections, one per fix,
        // are few next to the memories, so they are searched exactly
        for (Recalled reflection : memories.recallExact(null, EnumSet.of(MemoryKind.REFLECTION), query, k)) {
            if (reflection.similarity() >= settings.minSimilarity()) {
                found.putIfAbsent(reflection.memory().id(), reflection);
            }
        }
        return found.values().stream().limit(k).toList();
    }
}
