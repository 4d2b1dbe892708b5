package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clustering similar failures into named patterns, and their best fixes. */
class FailurePatternsTest extends MemoryTestSupport {

    /** The same missing module, reported three ways: a script, a pytest collection error, another module. */
    static final List<String> MISSING_MODULE = List.of("""
            Traceback (most recent call last):
              File "/workspace/app/main.py", line 3, in <module>
                import requests
            ModuleNotFoundError: No module named 'requests'""", """
            _____________________ ERROR collecting tests/test_api.py ______________________
            ImportError while importing test module '/workspace/tests/test_api.py'.
            tests/test_api.py:4: in <module>
                from flask import Flask
            E   ModuleNotFoundError: No module named 'flask'
            ERROR tests/test_api.py - ModuleNotFoundError: No module named 'flask'""", """
            Traceback (most recent call last):
              File "/workspace/src/loader.py", line 12, in <module>
                import yaml
            ModuleNotFoundError: No module named 'yaml'""");

    @Test
    void threeParaphrasesOfOneFailureBecomeANamedPatternAndAnUnrelatedFailureStaysApart() {
        String qa = role("qa-engineer");
        long first = failure(qa, MISSING_MODULE.get(0));
        FailurePattern pattern = patterns.classify(first);
        assertThat(pattern.occurrences()).isEqualTo(1);
        assertThat(pattern.named()).isFalse();
        assertThat(pattern.name()).isEqualTo("ModuleNotFoundError: No module named …");
        assertThat(pattern.example()).isEqualTo(MISSING_MODULE.get(0));
        assertThat(patterns.match(store.embed(MemoryKind.FAILURE, MISSING_MODULE.get(2))))
                .as("the pattern it would join, not named yet")
                .hasValueSatisfying(m -> assertThat(m.pattern()).isEqualTo(pattern));

        long second = failure(qa, MISSING_MODULE.get(1));
        assertThat(patterns.classify(second).id()).isEqualTo(pattern.id());
        long unrelated = failure(qa, """
                Traceback (most recent call last):
                  File "/workspace/app/stats.py", line 22, in average
                    return total / count
                ZeroDivisionError: division by zero""");
        FailurePattern other = patterns.classify(unrelated);
        long third = failure(qa, MISSING_MODULE.get(2));
        FailurePattern named = patterns.classify(third);

        assertThat(named.id()).isEqualTo(pattern.id());
        assertThat(named.occurrences()).isEqualTo(3);
        assertThat(named.named()).isTrue();
        assertThat(named.lastSeen()).isAfterOrEqualTo(named.firstSeen());
        assertThat(other.id()).isNotEqualTo(pattern.id());
        assertThat(other.name()).isEqualTo("ZeroDivisionError: division by zero");
        assertThat(other.named()).isFalse();
        assertThat(store.get(second).orElseThrow().patternId()).isEqualTo(pattern.id());
        assertThat(store.get(third).orElseThrow().patternId()).isEqualTo(pattern.id());

        // classifying again changes nothing
        assertThat(patterns.classify(third)).isEqualTo(named);
        assertThat(patterns.get(pattern.id()).orElseThrow().occurrences()).isEqualTo(3);

        List<FailurePattern> common = patterns.mostCommon(OffsetDateTime.now().minusHours(1), 100);
        assertThat(common).extracting(FailurePattern::id).contains(pattern.id()).doesNotContain(other.id());
        assertThat(patterns.mostCommon(OffsetDateTime.now().plusMinutes(1), 100))
                .extracting(FailurePattern::id).doesNotContain(pattern.id());
        assertThat(patterns.ofProject(project)).extracting(FailurePattern::id).containsExactly(pattern.id());
        assertThat(patterns.match(store.embed(MemoryKind.FAILURE, "E   ModuleNotFoundError: No module named 'pandas'")))
                .hasValueSatisfying(m -> assertThat(m.pattern().id()).isEqualTo(pattern.id()));
        assertThat(patterns.match(store.embed(MemoryKind.FAILURE, "KeyError: 'user_id'"))).isEmpty();

        // what a pattern has seen is counted from its failures: a forgotten one is no longer counted
        jdbc.update("delete from memories where id = ?", first);
        FailurePattern fewer = patterns.get(pattern.id()).orElseThrow();
        assertThat(fewer.occurrences()).isEqualTo(2);
        assertThat(fewer.named()).isFalse();
        assertThat(fewer.firstSeen()).isEqualTo(store.get(second).orElseThrow().createdAt());
        assertThat(patterns.ofProject(project)).isEmpty();
    }

    @Test
    void theBestFixIsTheSucceededReflectionTheMostReflectionsAgreeOn() {
        String qa = role("qa-engineer");
        String fixer = role("fixer");
        long[] failures = MISSING_MODULE.stream().mapToLong(text -> failure(qa, text)).toArray();
        long patternId = 0;
        for (long failure : failures) {
            patternId = patterns.classify(failure).id();
        }
        assertThat(patterns.bestFix(patternId)).as("no fix has been tried").isEmpty();

        reflection(fixer, failures[0], "The code imports requests but it was never installed; tried vendoring it.",
                "copy the library's source into the project", MemoryOutcome.FAILED);
        long pending = reflection(fixer, failures[0], "requests is missing from the requirements.",
                "declare every imported third-party package in requirements.txt", MemoryOutcome.PENDING);
        assertThat(patterns.bestFix(patternId)).as("neither a failed nor a pending fix is a best fix").isEmpty();

        long declared = reflection(fixer, failures[1], "flask was imported by the tests but not declared.",
                "add each imported third-party package to requirements.txt", MemoryOutcome.SUCCEEDED);
        long declaredAgain = reflection(fixer, failures[2], "The loader imports yaml, which no requirement installs.",
                "list every third-party import in requirements.txt (PyYAML for yaml)", MemoryOutcome.SUCCEEDED);
        reflection(fixer, failures[2], "Replaced the yaml import with a small hand-written parser.",
                "avoid optional dependencies by writing a minimal parser", MemoryOutcome.SUCCEEDED);

        // two succeeded fixes say "declare it in requirements.txt", one says something else (and is newest)
        // the newer of the agreeing two, though the one that stubbed the import is newer still
        assertThat(patterns.bestFix(patternId).orElseThrow().id()).isEqualTo(declaredAgain);

        patterns.settle(pending, MemoryOutcome.SUCCEEDED);
        // now three agree; the newest of them... is still declaredAgain (pending was made earlier)
        assertThat(patterns.bestFix(patternId).orElseThrow().id()).isEqualTo(declaredAgain);
        // worked out when a fix was settled, and kept: reading it computes nothing
        assertThat(jdbc.queryForObject("select best_fix_id from failure_patterns where id = ?", Long.class, patternId))
                .isEqualTo(declaredAgain);

        // a fix found not to work after all is no longer the best one
        patterns.settle(declaredAgain, MemoryOutcome.FAILED);
        assertThat(patterns.bestFix(patternId).orElseThrow().id()).isEqualTo(declared);
    }

    @Test
    void onlyFailuresAreClassified() {
        long experience = remember(MemoryKind.EXPERIENCE, role("engineer"), "wrote the cli");
        assertThatThrownBy(() -> patterns.classify(experience)).hasMessageContaining("only failures");
        assertThatThrownBy(() -> patterns.classify(Long.MAX_VALUE)).hasMessageContaining("no memory");
    }
}
