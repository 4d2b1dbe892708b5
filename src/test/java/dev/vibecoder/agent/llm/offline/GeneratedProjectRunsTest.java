package dev.vibecoder.agent.llm.offline;

import static dev.vibecoder.agent.llm.offline.OfflineAuthorTest.chain;
import static dev.vibecoder.agent.llm.offline.OfflineAuthorTest.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The code and tests of a software-company run, written to disk and run with the test plan's command. */
class GeneratedProjectRunsTest {

    private static final Pattern RAN = Pattern.compile("Ran (\\d+) tests? in");

    record Run(int exitCode, String output) {
    }

    @ParameterizedTest
    @ValueSource(strings = {OfflineAuthorTest.TODO, OfflineAuthorTest.RECIPES, OfflineAuthorTest.ODD})
    void theGeneratedTestsPassAgainstTheGeneratedCode(String idea, @TempDir Path dir) throws Exception {
        Map<String, String> documents = chain("software-company", idea);
        JsonNode testPlan = tree(documents.get("test-plan"));
        Path project = writeProject(dir, tree(documents.get("code")), testPlan);

        Run run = run(project, dir.resolve("unittest.log"), testPlan.path("testCommand").asText());

        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher ran = RAN.matcher(run.output());
        assertThat(ran.find()).as(run.output()).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).as("tests run").isPositive()
                .isEqualTo(testPlan.path("testCases").size());
        assertThat(run.output()).contains("\nOK").doesNotContain("FAILED").doesNotContain("skipped");
    }

    @Test
    void theGeneratedTestsCatchABrokenStore(@TempDir Path dir) throws Exception {
        Map<String, String> documents = chain("software-company", OfflineAuthorTest.TODO);
        JsonNode testPlan = tree(documents.get("test-plan"));
        Path project = writeProject(dir, tree(documents.get("code")), testPlan);
        Path store = project.resolve("todo_list_manager/store.py");
        String code = Files.readString(store);
        assertThat(code).contains("data[\"next_id\"] += 1");
        Files.writeString(store, code.replace("data[\"next_id\"] += 1", "data[\"next_id\"] += 0"));

        Run run = run(project, dir.resolve("unittest.log"), testPlan.path("testCommand").asText());

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("FAILED");
    }

    private static Path writeProject(Path dir, JsonNode code, JsonNode testPlan) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        for (JsonNode files : new JsonNode[] {code.path("files"), testPlan.path("testFiles")}) {
            for (JsonNode file : files) {
                Path target = project.resolve(file.path("path").asText()).normalize();
                assertThat(target.startsWith(project)).as(target.toString()).isTrue();
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.path("content").asText(), StandardCharsets.UTF_8);
            }
        }
        return project;
    }

    private static Run run(Path project, Path log, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command.split(" ")).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the generated CLI defaults to a file in $HOME; keep any stray write inside the temporary directory
        builder.environment().put("HOME", project.getParent().toString());
        builder.environment().keySet().removeIf(name -> name.endsWith("_DATA_FILE") || name.startsWith("PYTHON"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("'" + command + "' did not finish in 60 s:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
