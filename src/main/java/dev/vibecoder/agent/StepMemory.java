package dev.vibecoder.agent;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentType;
import dev.vibecoder.memory.FailurePattern;
import dev.vibecoder.memory.FailurePatterns;
import dev.vibecoder.memory.FailureText;
import dev.vibecoder.memory.MemoryNotes;
import dev.vibecoder.memory.MemoryProperties;
import dev.vibecoder.memory.MemoryRecall;
import dev.vibecoder.memory.MemoryRecorder;
import dev.vibecoder.memory.Recalled;
import dev.vibecoder.memory.TaskQuery;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.support.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A role's memory around one step. Before the model is asked: what it recalls (the failure patterns
 * the project has run into; for a step that answers a failure, the known pattern's best fix and
 * reflections on similar failures; then the role's own experiences with similar tasks), cut to the
 * token budget, recorded with the step
 * and shown in the project's timeline. After: the experience, for the next step like it. Memory
 * helps a role; it never stops one, so a recall that fails is logged and the step goes on without.
 */
@Component
public class StepMemory {

    private static final Logger LOG = LoggerFactory.getLogger(StepMemory.class);

    /** Failure patterns of the project put before a role, at most. */
    private static final int MAX_PATTERNS = 3;

    private final MemoryRecall recall;
    private final FailurePatterns patterns;
    private final MemoryRecorder recorder;
    private final ProjectStore projects;
    private final JdbcTemplate jdbc;
    private final int tokenBudget;

    public StepMemory(MemoryRecall recall, FailurePatterns patterns, MemoryRecorder recorder, ProjectStore projects,
            JdbcTemplate jdbc, MemoryProperties properties) {
        this.recall = recall;
        this.patterns = patterns;
        this.recorder = recorder;
        this.projects = projects;
        this.jdbc = jdbc;
        this.tokenBudget = properties.recallTokenBudget();
    }

    /**
     * What a role recalled for its step: the memories for its prompt, and the query they were found by
     * (null when the recall failed), which its experience is stored under afterwards.
     */
    record Recollection(TaskQuery task, List<PromptProtocol.RecalledMemory> memories) {
    }

    /** What the role remembers for this step, most relevant first, within the token budget. */
    Recollection forStep(Project project, WorkOrder order, RoleDefinition role, DocumentType type,
            List<Document> inputs) {
        TaskQuery task = null;
        try {
            task = recall.taskQuery(project.idea(), type.title(), order.subject());
            Map<Long, Recalled> found = new LinkedHashMap<>();
            Optional<Document> failed = inputs.stream().filter(Document::failed).reduce((first, second) -> second);
            if (failed.isPresent()) {
                recall.forFailure(FailureText.of(failed.get())).forEach(r -> found.putIfAbsent(r.memory().id(), r));
            }
            recall.forRole(role.id(), task).forEach(r -> found.putIfAbsent(r.memory().id(), r));

            // the failure patterns this project has run into come first: they are about this very project
            List<MemoryNotes.Note> candidates = new ArrayList<>();
            for (FailurePattern pattern : patterns.ofProject(project.id()).stream().limit(MAX_PATTERNS).toList()) {
                candidates.add(MemoryNotes.of(pattern, patterns.bestFix(pattern.id())));
            }
            found.values().forEach(r -> candidates.add(MemoryNotes.of(r)));

            List<PromptProtocol.RecalledMemory> memories = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            int tokens = 0;
            for (MemoryNotes.Note note : MemoryNotes.withinBudget(candidates, tokenBudget)) {
                tokens += Tokens.estimate(note.text());
                memories.add(new PromptProtocol.RecalledMemory(note.kind(), note.similarity(), note.text()));
                Recalled r = note.recalled();
                if (r == null) {
                    shown.add(note.kind());
                    continue;
                }
                jdbc.update("""
                        insert into memory_recalls (step_key, memory_id, similarity) values (?, ?, ?)
                        on conflict do nothing
                        """, order.stepKey(), r.memory().id(), r.similarity());
                shown.add(note.kind() + " " + r.memory().id() + String.format(Locale.ROOT, " (%.2f)", r.similarity()));
            }
            if (!memories.isEmpty()) {
                projects.event(project.id(), "step.recalled", order.stepId(), role.name() + " recalled "
                        + memories.size() + " memor" + (memories.size() == 1 ? "y" : "ies") + ", about " + tokens
                        + " tokens: " + String.join(", ", shown));
            }
            return new Recollection(task, memories);
        } catch (RuntimeException e) {
            LOG.warn("memory recall for step {} of project {} failed; going on without memories: {}", order.stepId(),
                    project.id(), e.toString());
            return new Recollection(task, List.of());
        }
    }

    /** Remembers how a role's step went; a failure to remember is logged, not passed on. */
    void remember(AgentTurn turn, Document document, String failure) {
        WorkOrder order = turn.order();
        try {
            recorder.experience(new MemoryRecorder.Experience(order.projectId(), order.role(), order.stepId(),
                    order.stepKey(), order.subject(), turn.type().id(), turn.type().title(), order.feedback(),
                    turn.calls(), turn.rejections(), document, failure, turn.task()));
        } catch (RuntimeException e) {
            LOG.warn("could not remember step {} of project {}: {}", order.stepId(), order.projectId(), e.toString());
        }
    }
}
