package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns what happens in the flow into memories:
 * <ul>
 * <li>every role step: an <em>experience</em> (what was asked, what came out, how many answers it
 * took and what was wrong with the rejected ones), written by the role route as it finishes;
 * <li>every failed workspace check or test run: a <em>failure</em>, put into a failure pattern;
 * <li>every fix: the fixer's <em>reflection</em> on the failure (what went wrong, root cause, lesson,
 * the files it changed), stored with the failure's embedding so that a similar failure recalls it;
 * <li>the next run of the loop: the reflection's outcome (the fix worked, or did not).
 * </ul>
 * Each memory is keyed by the document it comes from, so a redelivered event remembers nothing twice.
 */
@Component("memoryRecorder")
public class MemoryRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryRecorder.class);
    /** Characters of an idea or a document kept in an experience. */
    private static final int EXCERPT = 400;

    private final MemoryStore memories;
    private final FailurePatterns patterns;
    private final DocumentStore documents;
    private final ProjectStore projects;
    private final ObjectMapper json;

    public MemoryRecorder(MemoryStore memories, FailurePatterns patterns, DocumentStore documents,
            ProjectStore projects, ObjectMapper json) {
        this.memories = memories;
        this.patterns = patterns;
        this.documents = documents;
        this.projects = projects;
        this.json = json;
    }

    /** The query a role's memories are found by, and the text its experiences are stored under. */
    public static String taskText(String idea, String documentTitle, String subject) {
        String about = idea == null ? "" : idea.strip();
        if (about.length() > EXCERPT) {
            about = about.substring(0, EXCERPT);
        }
        return documentTitle + (subject == null || subject.isEmpty() ? "" : " (task " + subject + ")") + " for: "
                + about;
    }

    /**
     * How a role's step went, as the role route saw it.
     *
     * @param answers    the model answers it took (re-asks included)
     * @param rejections the problems of each rejected answer, in order
     * @param document   the stored document, or null when the step failed
     * @param failure    why the step failed, or null
     * @param task       the query the step's memories were recalled by, which the experience is stored
     *                   under as it is; null when there was none (the recall failed)
     */
    public record Experience(UUID projectId, String role, String stepId, String stepKey, String subject,
            String documentType, String documentTitle, String feedback, int answers, List<List<String>> rejections,
            Document document, String failure, TaskQuery task) {
    }

    /** A role finished (or gave up on) its step: remember how it went. */
    public void experience(Experience step) {
        TaskQuery task = step.task();
        String idea = task != null ? task.idea() : projects.get(step.projectId()).map(Project::idea).orElse("");
        ObjectNode details = json.createObjectNode();
        details.put("documentType", step.documentType());
        details.put("stepId", step.stepId());
        if (step.subject() != null && !step.subject().isEmpty()) {
            details.put("subject", step.subject());
        }
        details.put("idea", idea.length() > EXCERPT ? idea.substring(0, EXCERPT) : idea);
        if (step.feedback() != null) {
            details.put("feedback", step.feedback());
        }
        details.put("answers", step.answers());
        ArrayNode rejected = details.putArray("rejectedAnswers");
        for (List<String> problems : step.rejections()) {
            ArrayNode answer = rejected.addArray();
            problems.stream().limit(5).forEach(answer::add);
        }
        Document document = step.document();
        if (document != null) {
            details.put("tokens", document.inputTokens() + document.outputTokens());
            details.put("output", excerpt(document.content()));
        } else {
            details.put("failure", step.failure());
        }
        NewMemory experience = new NewMemory(MemoryKind.EXPERIENCE, step.role(), step.projectId(),
                document == null ? null : document.id(), step.stepKey(),
                task != null ? task.text() : taskText(idea, step.documentTitle(), step.subject()), details,
                document == null ? MemoryOutcome.FAILED : MemoryOutcome.SUCCEEDED, null);
        if (task != null) {
            // the text the step's recall embedded: not embedded again
            memories.remember(experience, task.embedding());
        } else {
            memories.remember(experience);
        }
    }

    /** The memory route: a document was created somewhere in the flow. */
    public void record(FlowEvent event) {
        if (event.documentId() == null) {
            return;
        }
        Document head = documents.head(event.documentId());
        switch (head.docType()) {
            case "workspace", "test-report" -> {
                if (head.failed()) {
                    failure(documents.get(head.id()));
                }
                settleReflections(head);
            }
            case "fix" -> reflection(documents.get(head.id()));
            default -> {
                // role documents are remembered as experiences by the role route
            }
        }
    }

    private void failure(Document failed) {
        String text = FailureText.of(failed);
        ObjectNode details = json.createObjectNode();
        details.put("documentType", failed.docType());
        details.put("version", failed.version());
        details.put("stepId", failed.stepId());
        details.put("summary", FailureText.summary(text));
        long id = memories.remember(new NewMemory(MemoryKind.FAILURE, "hub:" + failed.model(), failed.projectId(),
                failed.id(), failed.stepKey(), text, details, MemoryOutcome.FAILED, null));
        FailurePattern pattern = patterns.classify(id);
        if (pattern.named()) {
            projects.event(failed.projectId(), "memory.pattern", failed.stepId(), "failure pattern '" + pattern.name()
                    + "' seen " + pattern.occurrences() + " times");
        }
    }

    /** The fixer's reflection, stored with the embedding of the failure it answers. */
    private void reflection(Document fix) {
        Optional<Document> failed = documents.heads(fix.inputIds()).stream().filter(Document::failed)
                .reduce((first, second) -> second).map(head -> documents.get(head.id()));
        if (failed.isEmpty()) {
            LOG.warn("fix {} of project {} answers no failed document; not remembered", fix.id(), fix.projectId());
            return;
        }
        String failure = FailureText.of(failed.get());
        Long failureMemory = memories.bySource(failed.get().id(), MemoryKind.FAILURE).map(Memory::id).orElse(null);
        NewMemory reflection = Reflection.of(fix.content()).memory(fix.role(), fix.projectId(), fix.id(),
                fix.stepKey(), fix.stepId(), failed.get().docType() + " v" + failed.get().version(),
                FailureText.summary(failure), failureMemory);
        if (failureMemory != null) {
            memories.remember(reflection);
        } else {
            // the failure is not remembered (its event still queued, or remembering it failed): its gist, then
            memories.remember(reflection, memories.embed(MemoryKind.FAILURE, failure));
        }
    }

    /**
     * A run of a loop's step tells whether the loop's last fix worked: the reflections of this
     * project's fixes for this step that still wait get the run's outcome.
     */
    private void settleReflections(Document run) {
        String loop = run.stepId() + ".fix";
        for (Memory reflection : memories.pending(run.projectId(), MemoryKind.REFLECTION)) {
            if (loop.equals(reflection.details().path("loop").asText())) {
                MemoryOutcome outcome = run.failed() ? MemoryOutcome.FAILED : MemoryOutcome.SUCCEEDED;
                patterns.settle(reflection.id(), outcome);
                projects.event(run.projectId(), "memory.reflection", loop, "the fix remembered as reflection "
                        + reflection.id() + " " + (outcome == MemoryOutcome.SUCCEEDED ? "worked" : "did not work")
                        + ": " + run.docType() + " v" + run.version() + " " + (run.failed() ? "failed" : "passed"));
            }
        }
    }

    private static String excerpt(JsonNode content) {
        String text = content == null ? "" : content.toString();
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    }
}
