package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What goes into prompts: a role's relevant memories, a fixer's best fix first, within a budget. */
class MemoryRecallTest extends MemoryTestSupport {

    @Test
    void aRoleRecallsItsOwnExperiencesAndReflectionsOnly() {
        String engineer = role("engineer");
        long experience = remember(MemoryKind.EXPERIENCE, engineer,
                "Implemented a Flask REST endpoint that lists todo items as JSON");
        long reflection = remember(MemoryKind.REFLECTION, engineer,
                "The Flask endpoint returned HTML errors; register a JSON error handler next time");
        remember(MemoryKind.FAILURE, engineer, "Flask endpoint test failed: expected JSON, got HTML");
        remember(MemoryKind.EXPERIENCE, role("tech-writer"), "Documented the Flask REST endpoints of the todo app");

        TaskQuery task = recall.taskQuery("add a Flask endpoint that returns todo items as JSON", "Code", "");
        List<Recalled> recalled = recall.forRole(engineer, task);

        assertThat(task.text()).isEqualTo(MemoryRecorder.taskText(task.idea(), "Code", ""));

        assertThat(recalled).extracting(r -> r.memory().id()).containsExactlyInAnyOrder(experience, reflection);
        assertThat(recalled).allMatch(r -> r.similarity() >= settings.minSimilarity());
    }

    @Test
    void theFixerGetsTheNamedPatternsBestFixFirstThenReflectionsOnSimilarFailures() {
        String qa = role("qa-engineer");
        String fixer = role("fixer");
        long[] failures = FailurePatternsTest.MISSING_MODULE.stream().mapToLong(text -> failure(qa, text)).toArray();
        for (long failure : failures) {
            patterns.classify(failure);
        }
        long failedFix = reflection(fixer, failures[0], "Tried to vendor requests into the project; the import "
                + "still failed.", "copy the library's source into the project", MemoryOutcome.FAILED);
        long bestFix = reflection(fixer, failures[1], "ModuleNotFoundError for flask: it was imported but not in "
                + "requirements.txt. Added it and the tests passed.", "declare third-party imports in requirements.txt",
                MemoryOutcome.SUCCEEDED);
        // an unrelated failure and its fix must not come up
        long division = failure(qa, "ZeroDivisionError: division by zero");
        patterns.classify(division);
        long divisionFix = reflection(fixer, division, "average() divided by len([])", "guard empty lists",
                MemoryOutcome.SUCCEEDED);

        List<Recalled> recalled = recall.forFailure("""
                Traceback (most recent call last):
                  File "/workspace/app/export.py", line 1, in <module>
                    import openpyxl
                ModuleNotFoundError: No module named 'openpyxl'""");

        assertThat(recalled).extracting(r -> r.memory().id()).startsWith(bestFix).contains(failedFix)
                .doesNotContain(divisionFix);
        assertThat(recalled.get(0).similarity()).isGreaterThanOrEqualTo(settings.patternSimilarity());
        assertThat(recalled).allMatch(r -> r.memory().kind() == MemoryKind.REFLECTION);
    }

    @Test
    void beforeAPatternIsNamedTheFixerStillGetsTheReflectionsOnItsFailures() {
        String qa = role("qa-engineer");
        long failure = failure(qa, "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke "
                + "\"String.length()\" because \"name\" is null\n\tat com.example.Greeter.greet(Greeter.java:9)");
        FailurePattern pattern = patterns.classify(failure);
        long fix = reflection(role("fixer"), failure, "greet() was called with a null name from the CLI parser.",
                "validate arguments at the boundary", MemoryOutcome.SUCCEEDED);

        List<Recalled> recalled = recall.forFailure("java.lang.NullPointerException: Cannot invoke \"java.util.List"
                + ".size()\" because \"this.items\" is null\n\tat shop.Cart.count(Cart.java:22)");

        assertThat(pattern.named()).isFalse();
        assertThat(recalled).extracting(r -> r.memory().id()).startsWith(fix);
        assertThat(recalled.get(0).similarity()).isGreaterThanOrEqualTo(settings.patternSimilarity());
    }
}
