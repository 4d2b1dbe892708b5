package dev.vibecoder.memory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What goes into a prompt: the memories relevant to a role's step or a fixer's failure, rendered as
 * data within a token budget.
 */
@Component
public class MemoryRecall {

    private static final Set<MemoryKind> ROLE_MEMORIES = EnumSet.of(MemoryKind.EXPERIENCE, MemoryKind.REFLECTION);
    /** Similar failures looked at per reflection wanted: not every failure has been reflected on. */
    private static final int FAILURES_PER_REFLECTION = 4;
    /** The estimate of the prompt protocol: a token is about four characters of English or code. */
    private static final int CHARS_PER_TOKEN = 4;
    /** A memory cut shorter than this says too little to be worth its tokens. */
    private static final int MIN_CUT_BODY = 80;
    /**
     * Tags a memory's text must not be able to open or close: its own block, and those of the role
     * prompt it is placed in (see dev.vibecoder.agent.PromptProtocol).
     */
    private static final Pattern FORGEABLE_TAG = Pattern.compile("<(/?)(memory|memories|task|idea|document|feedback)\\b",
            Pattern.CASE_INSENSITIVE);

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

    /** Relevant memories of this role (experiences and reflections), top {@code vibecoder.memory.recall-k}. */
    public List<Recalled> forRole(String role, String query) {
        return memories.recall(role, ROLE_MEMORIES, query, settings.recallK(), settings.minSimilarity());
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
        Optional<FailurePatterns.Matched> matched = patterns.match(failureText);
        if (matched.isPresent()) {
            double similarity = matched.get().similarity();
            long patternId = matched.get().pattern().id();
            if (matched.get().pattern().named()) {
                patterns.bestFix(patternId).ifPresent(fix -> found.put(fix.id(), new Recalled(fix, similarity)));
            }
            for (Memory reflection : reflectionsInPattern(patternId, k)) {
                found.putIfAbsent(reflection.id(), new Recalled(reflection, similarity));
            }
        }
        List<Recalled> similarFailures = memories.recall(null, EnumSet.of(MemoryKind.FAILURE), failureText,
                k * FAILURES_PER_REFLECTION, settings.minSimilarity());
        Map<Long, List<Memory>> reflections = reflectionsOn(similarFailures.stream().map(r -> r.memory().id()).toList());
        for (Recalled failure : similarFailures) {
            for (Memory reflection : reflections.getOrDefault(failure.memory().id(), List.of())) {
                found.putIfAbsent(reflection.id(), new Recalled(reflection, failure.similarity()));
            }
        }
        return found.values().stream().limit(k).toList();
    }

    /**
     * Renders memories as plain-text blocks in the given order (most relevant first), as many as fit
     * in the budget; the first one that does not fit is cut to the space left, if enough is left for
     * it to say something. Tokens are estimated as characters / 4, and the result never exceeds the
     * budget. A memory's text is data: it cannot open or close a tag of the prompt it goes into.
     */
    public String render(List<Recalled> recalled, int tokenBudget) {
        long budget = (long) Math.max(0, tokenBudget) * CHARS_PER_TOKEN;
        StringBuilder text = new StringBuilder();
        for (Recalled memory : recalled) {
            String open = open(memory);
            String close = "\n</memory>\n";
            String body = FORGEABLE_TAG.matcher(memory.memory().text().strip()).replaceAll("&lt;$1$2");
            long left = budget - text.length() - open.length() - close.length();
            if (body.length() <= left) {
                text.append(open).append(body).append(close);
                continue;
            }
            if (left >= MIN_CUT_BODY) {
                text.append(open).append(body, 0, (int) left - 1).append(FailureSignature.ELIDED).append(close);
            }
            break;
        }
        return text.toString();
    }

    /** {@link #render} with {@code vibecoder.memory.recall-token-budget}. */
    public String render(List<Recalled> recalled) {
        return render(recalled, settings.recallTokenBudget());
    }

    private static String open(Recalled recalled) {
        Memory memory = recalled.memory();
        StringBuilder open = new StringBuilder("<memory kind=\"").append(lower(memory.kind()));
        if (memory.role() != null) {
            open.append("\" role=\"").append(memory.role().replaceAll("[^\\w:.-]", "_"));
        }
        return open.append("\" outcome=\"").append(lower(memory.outcome()))
                .append("\" similarity=\"").append(String.format(Locale.ROOT, "%.2f", recalled.similarity()))
                .append("\">\n").toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Reflections on a pattern's failures: those whose fix succeeded first, then the newest. */
    private List<Memory> reflectionsInPattern(long patternId, int limit) {
        return jdbc.query("select " + MemoryStore.COLUMNS + """
                 from memories m join memories f on f.id = m.related_memory_id
                where f.pattern_id = ? and m.kind = 'REFLECTION'
                order by m.outcome = 'SUCCEEDED' desc, m.created_at desc, m.id desc
                limit ?
                """, (rs, i) -> memories.map(rs), patternId, limit);
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
