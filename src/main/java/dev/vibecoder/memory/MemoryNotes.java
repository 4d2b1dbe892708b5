package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a recalled memory reads in a prompt: a few plain sentences a model (or the offline provider)
 * can use, about a comparable earlier task, a similar failure and the fix that followed it, or a
 * known failure pattern.
 */
public final class MemoryNotes {

    /**
     * Something recalled as it goes into a prompt: a memory ({@code recalled}), or a failure pattern of
     * the project (no memory of its own: {@code recalled} is null).
     */
    public record Note(Recalled recalled, String kind, String text) {

        public double similarity() {
            return recalled == null ? 1.0 : recalled.similarity();
        }

        Note cut(int length) {
            return new Note(recalled, kind, text.substring(0, length - 1) + FailureSignature.ELIDED);
        }
    }

    /** A note cut shorter than this says too little to be worth its tokens. */
    static final int MIN_CUT = 80;

    private MemoryNotes() {
    }

    /** A recalled memory as a note. */
    public static Note of(Recalled recalled) {
        return new Note(recalled, kind(recalled.memory()), describe(recalled.memory()));
    }

    /** A failure pattern the project has run into, with the fix that worked for it if there is one. */
    public static Note of(FailurePattern pattern, Optional<Memory> bestFix) {
        return new Note(null, "failure-pattern", "This project's failures have fallen " + pattern.occurrences()
                + " times into the pattern '" + pattern.name() + "'"
                + bestFix.map(fix -> "; the fix that worked for it: " + fix.lesson()).orElse("."));
    }

    /**
     * These notes in the given order (most relevant first), as many as fit in the budget; the first
     * one that does not fit is cut to the space left when enough is left for it to say something, and
     * the rest are left out. The texts together never exceed the budget.
     */
    public static List<Note> withinBudget(List<Note> candidates, int tokenBudget) {
        long left = Tokens.chars(tokenBudget);
        List<Note> notes = new ArrayList<>();
        for (Note note : candidates) {
            if (note.text().length() <= left) {
                notes.add(note);
                left -= note.text().length();
                continue;
            }
            if (left >= MIN_CUT) {
                notes.add(note.cut((int) left));
            }
            break;
        }
        return notes;
    }

    /** One memory as prompt text. */
    public static String describe(Memory memory) {
        JsonNode d = memory.details();
        return switch (memory.kind()) {
            case EXPERIENCE -> experience(memory, d);
            case REFLECTION -> reflection(memory, d);
            case FAILURE -> "An earlier failure" + (memory.patternId() == null ? "" : " (pattern " + memory.patternId()
                    + ")") + ":\n" + failure(memory, d);
        };
    }

    private static String experience(Memory memory, JsonNode d) {
        StringBuilder text = new StringBuilder("An earlier ").append(d.path("documentType").asText("document"));
        if (d.hasNonNull("subject")) {
            text.append(" (task ").append(d.path("subject").asText()).append(')');
        }
        text.append(" for the idea \"").append(d.path("idea").asText()).append("\" ");
        text.append(memory.outcome() == MemoryOutcome.FAILED ? "failed" : "was accepted");
        text.append(" after ").append(d.path("answers").asInt(1)).append(" answer(s).");
        int rejected = 0;
        for (JsonNode answer : d.path("rejectedAnswers")) {
            rejected++;
            List<String> problems = new ArrayList<>();
            answer.forEach(p -> problems.add(p.asText()));
            text.append("\nRejected answer ").append(rejected).append(": ").append(String.join("; ", problems));
        }
        if (d.hasNonNull("failure")) {
            text.append("\nWhy it failed: ").append(d.path("failure").asText());
        }
        return text.toString();
    }

    private static String reflection(Memory memory, JsonNode d) {
        // the text is the reflection's own; the failure it answers is in its details
        StringBuilder text = new StringBuilder("A similar failure")
                .append(d.hasNonNull("summary") ? ":\n" + d.path("summary").asText() : ".");
        text.append("\nDiagnosis: ").append(d.path("diagnosis").asText());
        text.append("\nRoot cause: ").append(d.path("rootCause").asText());
        text.append("\nLesson: ").append(d.path("lesson").asText());
        List<String> files = new ArrayList<>();
        d.path("changedFiles").forEach(f -> files.add(f.asText()));
        if (!files.isEmpty()) {
            text.append("\nThe fix changed: ").append(String.join(", ", files));
        }
        text.append("\nThat fix ").append(switch (memory.outcome()) {
            case SUCCEEDED -> "worked.";
            case FAILED -> "did not work.";
            case PENDING -> "was not checked yet.";
        });
        return text.toString();
    }

    /** A failure's summary where it was stored with one, else its text. */
    private static String failure(Memory memory, JsonNode d) {
        return d.hasNonNull("summary") ? d.path("summary").asText() : memory.text();
    }

    /** Prompt kind of a memory: "experience", "reflection", "failure". */
    public static String kind(Memory memory) {
        return memory.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
