package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names and gists of failure outputs: deterministic, with what varies between occurrences generalised. */
class FailureSignatureTest {

    /** The labelled failure outputs of src/test/resources/memory/failures.txt, by cause. */
    static Map<String, List<String>> labelledFailures() throws IOException {
        Map<String, List<String>> byCause = new LinkedHashMap<>();
        String cause = null;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("src/test/resources/memory/failures.txt"))) {
            if (line.startsWith("=== ")) {
                if (cause != null) {
                    byCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(text.toString().strip());
                }
                cause = line.substring(4).strip();
                text.setLength(0);
            } else if (cause != null) {
                text.append(line).append('\n');
            }
        }
        byCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(text.toString().strip());
        return byCause;
    }

    @Test
    void everyFailureOfACauseGetsTheSameName() throws IOException {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("missing-module", "ModuleNotFoundError: No module named …"),
                Map.entry("division-by-zero", "ZeroDivisionError: …division by zero"),
                Map.entry("assert-store", "AssertionError in test_store"),
                Map.entry("javac-symbol", "javac: cannot find symbol"),
                Map.entry("type-error-concat", "TypeError: can only concatenate str (not …) to str"),
                Map.entry("syntax-error", "SyntaxError: …"),
                Map.entry("import-name", "ImportError: cannot import name … from …"),
                Map.entry("key-error", "KeyError: …"),
                Map.entry("node-module", "Error: Cannot find module …"),
                Map.entry("timeout", "Timeout…"),
                Map.entry("npe", "NullPointerException: Cannot invoke … because … is null"),
                Map.entry("attribute-none", "AttributeError: … object has no attribute …"));
        Map<String, List<String>> failures = labelledFailures();
        assertThat(failures.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        failures.forEach((cause, texts) -> {
            for (String text : texts) {
                String name = FailureSignature.of(text).name();
                String pattern = expected.get(cause);
                // "…" in an expected name stands for whatever the cause's outputs differ in
                String regex = java.util.Arrays.stream(pattern.split("…", -1)).map(java.util.regex.Pattern::quote)
                        .reduce((a, b) -> a + ".*" + b).orElseThrow();
                assertThat(name).as("%s: %s", cause, text).matches(regex).doesNotContain("\n");
            }
        });
    }

    @Test
    void namesGeneraliseIdentifiersAndNumbers() {
        assertThat(FailureSignature.of("ModuleNotFoundError: No module named 'requests'").name())
                .isEqualTo("ModuleNotFoundError: No module named …");
        assertThat(FailureSignature.of("FAILED tests/test_store.py::test_add_item - assert 1 == 2").name())
                .isEqualTo("AssertionError in test_store");
        assertThat(FailureSignature.of("src/main/java/App.java:12: error: cannot find symbol\n  symbol: class Foo")
                .name()).isEqualTo("javac: cannot find symbol");
        assertThat(FailureSignature.of("error[E0425]: cannot find value `total` in this scope").name())
                .isEqualTo("error[E0425]: cannot find value … in this scope");
        assertThat(FailureSignature.of("src/app.ts(3,5): error TS2304: Cannot find name 'foo'.").name())
                .isEqualTo("tsc: TS2304 Cannot find name ….");
        assertThat(FailureSignature.of("./main.go:5:2: undefined: handler").name()).isEqualTo("go build: undefined: handler");
        assertThat(FailureSignature.of("Caused by: org.postgresql.util.PSQLException: ERROR: relation \"todo\" "
                + "does not exist\n  Position: 15").name())
                .isEqualTo("PSQLException: ERROR: relation … does not exist");
        assertThat(FailureSignature.of("IndexError: list index out of range at 0x7f3a2c and id 1234").name())
                .isEqualTo("IndexError: list index out of range at … and id …");
        assertThat(FailureSignature.of("").name()).isEqualTo("unknown failure");
        assertThat(FailureSignature.of("\u001B[31mKeyError: 'x'\u001B[0m").name()).isEqualTo("KeyError: …");
    }

    @Test
    void theLineASignatureIsReadFromIsTheOneThatSaysWhatWentWrong() {
        assertThat(FailureSignature.of("""
                Traceback (most recent call last):
                  File "app/main.py", line 3, in <module>
                    import requests
                ModuleNotFoundError: No module named 'requests'
                """).line()).isEqualTo("ModuleNotFoundError: No module named 'requests'");
        assertThat(FailureSignature.of("[ERROR] src/main/java/App.java:[12,5] error: cannot find symbol\n  symbol: Foo")
                .line()).isEqualTo("src/main/java/App.java:[12,5] error: cannot find symbol");
        // pytest's summary line, also when what it reports is not an exception
        assertThat(FailureSignature.of("tests/test_a.py::test_x FAILED\n"
                + "FAILED tests/test_a.py::test_x - assert 1 == 2").line())
                .isEqualTo("FAILED tests/test_a.py::test_x - assert 1 == 2");
        assertThat(FailureSignature.of("running\nFAILED tests/test_slow.py::test_y - Failed: Timeout >30.0s").line())
                .isEqualTo("FAILED tests/test_slow.py::test_y - Failed: Timeout >30.0s");
        assertThat(FailureSignature.of(" \n").line()).isEmpty();
    }

    @Test
    void aSummaryIsTheNameAndTheSignaturesLineWithTheLinesAroundIt() {
        assertThat(FailureText.summary("""
                Traceback (most recent call last):
                  File "app/main.py", line 9, in <module>
                    main()
                  File "app/main.py", line 3, in main
                    import requests
                ModuleNotFoundError: No module named 'requests'""")).isEqualTo("""
                ModuleNotFoundError: No module named …
                File "app/main.py", line 3, in main
                import requests
                ModuleNotFoundError: No module named 'requests'""");
        assertThat(FailureText.summary("""
                Compiling 2 files
                src/App.java:12: error: cannot find symbol
                        return new Foo();
                                   ^
                  symbol:   class Foo
                  location: class App
                1 error""")).isEqualTo("""
                javac: cannot find symbol
                Compiling 2 files
                src/App.java:12: error: cannot find symbol
                return new Foo();
                ^
                symbol:   class Foo""");
        assertThat(FailureText.summary("")).isEqualTo("unknown failure");
    }

    @Test
    void aLongNameIsCutAtAWord() {
        String longMessage = "ValueError: " + "the configuration value is not acceptable because ".repeat(10);
        assertThat(FailureSignature.of(longMessage).name())
                .isEqualTo("ValueError: the configuration value is not acceptable because the configuration value is…");
    }
}
