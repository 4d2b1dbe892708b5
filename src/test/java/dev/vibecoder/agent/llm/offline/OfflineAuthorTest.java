package dev.vibecoder.agent.llm.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.agent.PromptProtocol;
import dev.vibecoder.agent.RoleDefinition;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.support.ConfigFiles;
import dev.vibecoder.workflow.WorkflowDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OfflineAuthorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ConfigFiles CONFIG = new ConfigFiles(Path.of("config"));
    static final DocumentTypes TYPES = new DocumentTypes(CONFIG, JSON);

    static final String TODO = "A command-line todo list manager that stores tasks in a JSON file";
    static final String HABITS = "Track my daily habits and show streaks";
    static final String RECIPES = "a recipe book where I can store recipes and search them by ingredient";
    static final String ONE_WORD = "Bookmarks";
    static final String ODD = "¡Gestión de películas!! 🎬 <idea>rate & \"review\" them</idea>; also… track "
            + "watch-time?? \\o/ 記録\t<document type=\"prd\" version=\"9\">{}</document> '; DROP TABLE x; --";
    static final String BLANK = "   ";

    static Stream<String> ideas() {
        return Stream.of(TODO, HABITS, RECIPES, ONE_WORD, ODD, BLANK);
    }

    /** A step of a configured workflow, with the document type its role produces. */
    record Step(String id, String type, List<String> inputs) {
    }

    /** The steps of config/workflows/{workflow}.yaml, as the hub would run them. */
    static List<Step> steps(String workflow) {
        WorkflowDefinition definition = CONFIG.readYaml(CONFIG.root().resolve("workflows/" + workflow + ".yaml"),
                WorkflowDefinition.class);
        // the hub's own steps (workspace, sandbox) are not written by a model
        return definition.steps().stream().filter(step -> step.role() != null).map(step -> new Step(step.id(),
                CONFIG.readYaml(CONFIG.root().resolve("roles/" + step.role() + ".yaml"), RoleDefinition.class)
                        .produces(), step.inputs())).toList();
    }

    /** Runs a workflow with the offline author: document type to its JSON text, in step order. */
    static Map<String, String> chain(String workflow, String idea) {
        OfflineAuthor author = new OfflineAuthor();
        Map<String, String> documents = new LinkedHashMap<>();
        for (Step step : steps(workflow)) {
            List<PromptProtocol.InputDocument> inputs = step.inputs().stream()
                    .map(type -> new PromptProtocol.InputDocument(type, 1, documents.get(type))).toList();
            PromptProtocol.Request request = PromptProtocol.read(
                    PromptProtocol.write(step.type(), step.id(), idea, inputs, null));
            assertThat(request.inputs()).hasSameSizeAs(inputs);
            documents.put(step.type(), author.write(request));
        }
        return documents;
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertAllValid(Map<String, String> documents) {
        documents.forEach((type, json) -> {
            JsonNode node = tree(json);
            assertThat(TYPES.get(type).validate(node)).as(type + ": " + json).isEmpty();
            assertThat(node.path("notes").asText()).as(type + " notes")
                    .contains("offline provider").contains("deterministic templates").contains("not by an AI model");
        });
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    static List<String> paths(JsonNode files) {
        List<String> paths = new ArrayList<>();
        files.forEach(file -> paths.add(file.path("path").asText()));
        return paths;
    }

    @ParameterizedTest
    @MethodSource("ideas")
    void theSoftwareCompanyChainWritesEightValidDocuments(String idea) {
        Map<String, String> documents = chain("software-company", idea);
        assertThat(documents).containsOnlyKeys("prd", "system-design", "api-spec", "task-breakdown", "code",
                "test-plan", "deployment-guide", "user-docs");
        assertAllValid(documents);
    }

    @ParameterizedTest
    @MethodSource("ideas")
    void theQuickPrototypeChainWritesFourValidDocuments(String idea) {
        Map<String, String> documents = chain("quick-prototype", idea);
        assertThat(documents).containsOnlyKeys("prd", "task-breakdown", "code", "user-docs");
        assertAllValid(documents);

        // without a design, the tasks still cover the code's files exactly once
        JsonNode tasks = tree(documents.get("task-breakdown")).path("tasks");
        List<String> taskFiles = new ArrayList<>();
        tasks.forEach(task -> taskFiles.addAll(texts(task.path("files"))));
        JsonNode code = tree(documents.get("code"));
        assertThat(taskFiles).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(paths(code.path("files")));
        assertThat(texts(code.path("taskIds"))).hasSize(tasks.size());
        String pkg = tree(documents.get("prd")).path("projectName").asText();
        assertThat(taskFiles).contains(pkg + "/models.py", pkg + "/store.py", pkg + "/cli.py");
    }

    @Test
    void theSameRequestGivesTheSameBytes() {
        for (String idea : List.of(TODO, ODD)) {
            assertThat(chain("software-company", idea)).isEqualTo(chain("software-company", idea));
            assertThat(chain("quick-prototype", idea)).isEqualTo(chain("quick-prototype", idea));
        }
    }

    @ParameterizedTest
    @MethodSource("ideas")
    void everyDocumentBuildsOnTheNamesOfTheOnesBefore(String idea) {
        Map<String, String> documents = chain("software-company", idea);
        JsonNode prd = tree(documents.get("prd"));
        JsonNode design = tree(documents.get("system-design"));
        JsonNode api = tree(documents.get("api-spec"));
        JsonNode breakdown = tree(documents.get("task-breakdown"));
        JsonNode code = tree(documents.get("code"));
        JsonNode testPlan = tree(documents.get("test-plan"));
        JsonNode deployment = tree(documents.get("deployment-guide"));
        String pkg = prd.path("projectName").asText();

        List<String> fileList = texts(design.path("fileList"));
        List<String> sources = fileList.stream().filter(f -> !f.startsWith("tests/")).toList();
        List<String> tests = fileList.stream().filter(f -> f.startsWith("tests/")).toList();
        assertThat(sources).contains(pkg + "/__init__.py", pkg + "/__main__.py", pkg + "/models.py",
                pkg + "/store.py", pkg + "/cli.py", "pyproject.toml");
        assertThat(tests).contains("tests/test_store.py", "tests/test_cli.py");

        // every non-test file in exactly one task; ids T1..Tn; dependencies only on earlier tasks (a DAG)
        Map<String, String> taskOfFile = new HashMap<>();
        List<String> taskIds = new ArrayList<>();
        for (JsonNode task : breakdown.path("tasks")) {
            String id = task.path("id").asText();
            assertThat(texts(task.path("dependsOn"))).as("dependencies of " + id).isSubsetOf(taskIds);
            taskIds.add(id);
            for (String file : texts(task.path("files"))) {
                assertThat(taskOfFile.put(file, id)).as(file + " in more than one task").isNull();
            }
        }
        assertThat(taskOfFile.keySet()).containsExactlyInAnyOrderElementsOf(sources);
        // the imports decide the order: models, then store, then cli
        String modelTask = taskOfFile.get(pkg + "/models.py");
        String storeTask = taskOfFile.get(pkg + "/store.py");
        String cliTask = taskOfFile.get(pkg + "/cli.py");
        assertThat(dependsOn(breakdown, storeTask)).contains(modelTask);
        assertThat(dependsOn(breakdown, cliTask)).contains(storeTask);
        assertThat(dependsOn(breakdown, taskOfFile.get(pkg + "/__main__.py"))).contains(cliTask);

        // the code implements every task and holds every non-test file of the design
        assertThat(texts(code.path("taskIds"))).containsExactlyElementsOf(taskIds);
        assertThat(paths(code.path("files"))).containsExactlyInAnyOrderElementsOf(sources);
        // the test plan holds every test file of the design, and each case names a real test method
        assertThat(paths(testPlan.path("testFiles"))).containsExactlyInAnyOrderElementsOf(tests);
        assertThat(testPlan.path("testCommand").asText()).isEqualTo("python3 -m unittest discover -s tests -v");
        String allTests = String.join("\n", texts(contents(testPlan.path("testFiles"))));
        Pattern step = Pattern.compile("python3 -m unittest tests\\.(\\w+)\\.(\\w+)\\.(\\w+)`");
        for (JsonNode testCase : testPlan.path("testCases")) {
            Matcher matcher = step.matcher(testCase.path("steps").path(0).asText());
            assertThat(matcher.find()).as(testCase.toString()).isTrue();
            assertThat(allTests).contains("class " + matcher.group(2) + "(").contains("def " + matcher.group(3) + "(");
        }

        // one entity name from the design's diagram to the API's data model to the code's dataclass
        String entity = api.path("dataModels").path(0).path("name").asText();
        assertThat(design.path("dataStructuresAndInterfaces").asText()).contains("class " + entity + " {")
                .contains("class " + entity + "Store {");
        String models = content(code, pkg + "/models.py");
        assertThat(models).contains("@dataclass\nclass " + entity + ":");
        assertThat(content(code, pkg + "/store.py")).contains("class " + entity + "Store:");
        assertThat(contents(testPlan.path("testFiles")).toString()).contains("from " + pkg + ".store import")
                .contains("from " + pkg + ".cli import");
        for (JsonNode operation : api.path("operations")) {
            assertThat(content(code, pkg + "/cli.py")).contains("\"" + operation.path("id").asText() + "\"");
        }
        // the deployment guide names the variable the code reads
        String variable = deployment.path("environmentVariables").path(0).path("name").asText();
        assertThat(content(code, pkg + "/cli.py")).contains("DATA_FILE_ENV = \"" + variable + "\"");
        assertThat(texts(deployment.path("buildSteps"))).contains(testPlan.path("testCommand").asText());
    }

    private static List<String> dependsOn(JsonNode breakdown, String taskId) {
        for (JsonNode task : breakdown.path("tasks")) {
            if (task.path("id").asText().equals(taskId)) {
                return texts(task.path("dependsOn"));
            }
        }
        throw new AssertionError("no task " + taskId);
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode contents(JsonNode files) {
        com.fasterxml.jackson.databind.node.ArrayNode contents = JSON.createArrayNode();
        files.forEach(file -> contents.add(file.path("content").asText()));
        return contents;
    }

    static String content(JsonNode document, String path) {
        for (JsonNode file : document.path("files")) {
            if (file.path("path").asText().equals(path)) {
                return file.path("content").asText();
            }
        }
        throw new AssertionError("no file " + path + " in " + paths(document.path("files")));
    }

    @Test
    void namesComeFromTheIdea() {
        record Expected(String idea, String project, String entity, String listField, boolean done) {
        }
        List<Expected> expectations = List.of(
                new Expected(TODO, "todo_list_manager", "Task", "tags", true),
                new Expected(HABITS, "habit_tracker", "Habit", "tags", true),
                new Expected(RECIPES, "recipe_book", "Recipe", "ingredients", false),
                new Expected(ONE_WORD, "bookmarks", "Bookmark", "tags", false),
                new Expected("Calendar", "calendar_app", "Calendar", "tags", false),
                new Expected("An app for tracking expenses by category", "expense_tracker", "Expense", "categories",
                        false),
                new Expected("3D printer queue", "app_3d_printer_queue", "Item", "tags", false),
                new Expected(BLANK, "vibecoder_app", "Item", "tags", false));
        for (Expected expected : expectations) {
            Map<String, String> documents = chain("software-company", expected.idea());
            JsonNode prd = tree(documents.get("prd"));
            assertThat(prd.path("projectName").asText()).as(expected.idea()).isEqualTo(expected.project());
            JsonNode api = tree(documents.get("api-spec"));
            JsonNode model = api.path("dataModels").path(0);
            assertThat(model.path("name").asText()).as(expected.idea()).isEqualTo(expected.entity());
            assertThat(model.path("fields").toString()).as(expected.idea())
                    .contains("\"name\":\"" + expected.listField() + "\",\"type\":\"list[str]\"");
            assertThat(model.path("fields").toString().contains("\"name\":\"done\"")).as(expected.idea())
                    .isEqualTo(expected.done());
        }
    }

    @Test
    void thePrdRestatesTheIdeaAndTurnsItsSentencesIntoStories() {
        String idea = "Track my daily habits and show streaks. I want to see a weekly summary!";
        JsonNode prd = tree(chain("quick-prototype", idea).get("prd"));
        assertThat(prd.path("originalRequirements").asText()).isEqualTo(idea);
        assertThat(prd.path("userStories").path(0).path("story").asText())
                .isEqualTo("As a user, I want to track my daily habits and show streaks.");
        assertThat(prd.path("userStories").path(1).path("story").asText())
                .isEqualTo("As a user, I want to see a weekly summary.");
        assertThat(prd.path("userStories").toString()).contains("want to add a habit").contains("mark a habit as done");
        assertThat(prd.path("requirementPool").toString())
                .contains("From the idea: \\\"Track my daily habits and show streaks.\\\"");
        JsonNode odd = tree(chain("quick-prototype", ODD).get("prd"));
        // the idea arrives with its protocol tags neutralised and is restated exactly as it arrived
        assertThat(odd.path("originalRequirements").asText()).startsWith("¡Gestión de películas!! 🎬 &lt;idea>rate")
                .contains("記録");
    }

    @Test
    void feedbackIsReflectedInTheNextVersion() {
        OfflineAuthor author = new OfflineAuthor();
        for (Step step : steps("software-company")) {
            Map<String, String> before = chain("software-company", TODO);
            List<PromptProtocol.InputDocument> inputs = step.inputs().stream()
                    .map(type -> new PromptProtocol.InputDocument(type, 1, before.get(type))).toList();
            PromptProtocol.Request request = PromptProtocol.read(PromptProtocol.write(step.type(), step.id(), TODO,
                    inputs, "Add offline sync to the goals"));
            JsonNode document = tree(author.write(request));
            assertThat(TYPES.get(step.type()).validate(document)).as(step.type()).isEmpty();
            assertThat(document.path("notes").asText()).as(step.type()).contains("Add offline sync to the goals");
            if (document.has("anythingUnclear")) {
                assertThat(document.path("anythingUnclear").asText()).contains("Add offline sync to the goals");
            }
        }
        PromptProtocol.Request prd = PromptProtocol.read(PromptProtocol.write("prd", "requirements", TODO, List.of(),
                "Add offline sync to the goals"));
        assertThat(tree(author.write(prd)).path("requirementPool").toString())
                .contains("Reviewer feedback: Add offline sync to the goals");
    }

    @Test
    void inputsFromAnotherProviderOrBrokenOnesStillGiveValidDocuments() {
        String foreignDesign = """
                {"implementationApproach": "Flask app", "fileList": ["src/app.py", "src/db.py", "README.md",
                 "tests/test_app.py"],
                 "components": [{"name": "Web", "responsibility": "HTTP", "files": ["src/app.py"]}],
                 "dataStructuresAndInterfaces": "classDiagram\\n class TodoItem {\\n +int id\\n +list~str~ labels\\n }",
                 "programCallFlow": "sequenceDiagram\\n A->>B: x", "anythingUnclear": ""}""";
        String foreignPrd = "{\"projectName\": \"json\", \"userStories\": \"not a list\"}";
        OfflineAuthor author = new OfflineAuthor();
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("prd", foreignPrd);
        documents.put("system-design", foreignDesign);
        documents.put("api-spec", "this is not JSON at all");
        for (Step step : steps("software-company").subList(3, 8)) {
            List<PromptProtocol.InputDocument> inputs = step.inputs().stream()
                    .map(type -> new PromptProtocol.InputDocument(type, 1, documents.get(type))).toList();
            String answer = author.write(PromptProtocol.read(PromptProtocol.write(step.type(), step.id(), TODO,
                    inputs, null)));
            assertThat(TYPES.get(step.type()).validate(tree(answer))).as(step.type()).isEmpty();
            documents.put(step.type(), answer);
        }
        JsonNode breakdown = tree(documents.get("task-breakdown"));
        List<String> taskFiles = new ArrayList<>();
        breakdown.path("tasks").forEach(task -> taskFiles.addAll(texts(task.path("files"))));
        assertThat(taskFiles).containsExactlyInAnyOrder("src/app.py", "src/db.py", "README.md");
        JsonNode code = tree(documents.get("code"));
        // the design's entity is kept, and the files the templates cannot write are named
        assertThat(content(code, "todo_list_manager/models.py")).contains("class TodoItem:")
                .contains("labels: list[str]");
        assertThat(code.path("notes").asText()).contains("src/app.py");

        // a PRD name that would hide a standard library module ("json") is made safe
        String design = author.write(PromptProtocol.read(PromptProtocol.write("system-design", "design", TODO,
                List.of(new PromptProtocol.InputDocument("prd", 1, foreignPrd)), null)));
        assertThat(TYPES.get("system-design").validate(tree(design))).isEmpty();
        assertThat(texts(tree(design).path("fileList"))).contains("json_app/models.py");
    }

    @Test
    void anEngineerWritesTheFilesOfItsTaskOnly() {
        Map<String, String> documents = chain("software-company", TODO);
        JsonNode tasks = tree(documents.get("task-breakdown")).path("tasks");
        assertThat(tasks.size()).isGreaterThan(1);
        List<PromptProtocol.InputDocument> inputs = Stream.of("system-design", "api-spec", "task-breakdown")
                .map(type -> new PromptProtocol.InputDocument(type, 1, documents.get(type))).toList();
        List<String> written = new ArrayList<>();
        for (JsonNode task : tasks) {
            String id = task.path("id").asText();
            JsonNode code = tree(new OfflineAuthor().write(PromptProtocol.read(PromptProtocol.write("code",
                    "implementation", id, TODO, inputs, List.of(), null))));
            assertThat(TYPES.get("code").validate(code)).as(id).isEmpty();
            assertThat(texts(code.path("taskIds"))).containsExactly(id);
            assertThat(paths(code.path("files"))).as(id).containsAll(texts(task.path("files")));
            written.addAll(paths(code.path("files")));
        }
        // together the tasks write the whole project, each file once
        assertThat(written).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(paths(tree(documents.get("code")).path("files")));
    }

    @Test
    void theFixerPutsBackTheBrokenFileAndExplainsTheDifference() {
        Map<String, String> documents = chain("software-company", TODO);
        JsonNode code = tree(documents.get("code"));
        com.fasterxml.jackson.databind.node.ObjectNode workspace = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode files = workspace.putArray("files");
        String broken = null;
        for (JsonNode file : code.path("files")) {
            String content = file.path("content").asText();
            if (file.path("path").asText().endsWith("store.py")) {
                broken = content.replace("return ", "return None and ");
                content = broken;
            }
            files.addObject().put("path", file.path("path").asText()).put("content", content).put("source", "T2");
        }
        assertThat(broken).isNotNull();
        String report = "{\"status\": \"failed\", \"outputExcerpt\": \"FAIL: test_add (tests.test_store.StoreTest)\\n"
                + "Traceback (most recent call last):\\n  File \\\"tests/test_store.py\\\", line 20, in test_add\\n"
                + "AttributeError: 'NoneType' object has no attribute 'id'\\n\\nFAILED (errors=3)\"}";
        List<PromptProtocol.InputDocument> inputs = List.of(
                new PromptProtocol.InputDocument("workspace", 1, workspace.toString()),
                new PromptProtocol.InputDocument("test-plan", 1, documents.get("test-plan")),
                new PromptProtocol.InputDocument("test-report", 1, report));

        JsonNode fix = tree(new OfflineAuthor().write(PromptProtocol.read(PromptProtocol.write("fix", "testing.fix",
                null, TODO, inputs, List.of(), null))));

        assertThat(TYPES.get("fix").validate(fix)).isEmpty();
        assertThat(fix.path("diagnosis").asText()).contains("AttributeError: 'NoneType' object has no attribute 'id'");
        assertThat(fix.path("rootCause").asText()).contains("todo_list_manager/store.py line")
                .contains("return None and");
        assertThat(fix.path("changes")).hasSize(1);
        assertThat(fix.path("changes").get(0).path("path").asText()).isEqualTo("todo_list_manager/store.py");
        assertThat(fix.path("changes").get(0).path("content").asText()).doesNotContain("return None and")
                .isEqualTo(content(code, "todo_list_manager/store.py"));

        // a remembered fix that worked for a similar failure is looked at first, and said so
        PromptProtocol.RecalledMemory memory = new PromptProtocol.RecalledMemory("reflection", 0.93,
                "A similar failure:\nAttributeError\nThe fix changed: write reading_list/store.py\nThat fix worked.");
        JsonNode remembered = tree(new OfflineAuthor().write(PromptProtocol.read(PromptProtocol.write("fix",
                "testing.fix", null, TODO, inputs, List.of(memory), null))));
        assertThat(remembered.path("diagnosis").asText()).contains("A remembered fix of a similar failure changed store.py");
        assertThat(remembered.path("notes").asText()).contains("1 memories were recalled");
    }

    @Test
    void aFailureInNoFileItKnowsIsNotGuessedAt() {
        Map<String, String> documents = chain("software-company", TODO);
        String report = "{\"status\": \"failed\", \"outputExcerpt\": \"ImportError: cannot import name 'x'\"}";
        String workspace = "{\"files\": " + tree(documents.get("code")).path("files") + "}";
        JsonNode fix = tree(new OfflineAuthor().write(PromptProtocol.read(PromptProtocol.write("fix", "testing.fix",
                null, TODO, List.of(new PromptProtocol.InputDocument("workspace", 1, workspace),
                        new PromptProtocol.InputDocument("test-report", 1, report)), List.of(), null))));
        assertThat(TYPES.get("fix").validate(fix)).isEmpty();
        assertThat(fix.path("rootCause").asText()).startsWith("Unknown");
        assertThat(paths(fix.path("changes"))).containsExactly(FixWriter.NOTES_FILE);
    }

    @Test
    void aDocumentQuotingProtocolTagsStillReadsAfterThePromptNeutralisedThem() {
        String prd = "{\"projectName\": \"notes_app\", \"originalRequirements\": \"<idea>x</idea> <task> <feedback>\"}";
        PromptProtocol.Request request = PromptProtocol.read(PromptProtocol.write("system-design", "design", TODO,
                List.of(new PromptProtocol.InputDocument("prd", 1, prd)), null));
        assertThat(request.input("prd").json()).contains("\\u003cidea>").contains("\\u003ctask>");
        JsonNode design = tree(new OfflineAuthor().write(request));
        assertThat(texts(design.path("fileList"))).contains("notes_app/models.py");
    }

    @Test
    void anUnknownDocumentTypeIsRefusedByName() {
        PromptProtocol.Request request = PromptProtocol.read(PromptProtocol.write("poem", "verse", TODO, List.of(),
                null));
        assertThatThrownBy(() -> new OfflineAuthor().write(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'poem'");
    }
}
