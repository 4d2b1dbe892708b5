package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The code and the test plan: the template's files, in the order and grouping the tasks ask for. */
final class CodeWriter {

    private final Context context;
    private final PythonProjectTemplate project;
    /** Set while writing, read by {@link #notes()}. */
    private final List<String> unwritten = new ArrayList<>();

    CodeWriter(Context context) {
        this.context = context;
        this.project = context.project();
    }

    ObjectNode code() {
        Map<String, String> sources = project.sources();
        Map<String, String> written = new LinkedHashMap<>();
        List<String> implemented = new ArrayList<>();
        JsonNode tasks = context.inputs().get("task-breakdown").path("tasks");
        String item = context.item();
        Map<String, String> planned = new LinkedHashMap<>();
        for (JsonNode task : tasks) {
            String id = task.path("id").asText();
            boolean mine = item == null || item.equals(id);
            boolean complete = true;
            for (String file : Inputs.texts(task.path("files"))) {
                planned.put(file, id);
                if (!mine) {
                    continue;
                }
                if (sources.containsKey(file)) {
                    written.put(file, sources.get(file));
                } else {
                    complete = false;
                    unwritten.add(file);
                    if (item != null) {
                        // one engineer per task: its files must exist, even those the templates do not know
                        written.put(file, unknownFile(file));
                    }
                }
            }
            if (mine && complete && id.matches("T[0-9]+")) {
                implemented.add(id);
            }
        }
        // the project must run even if the task list left a file out: the last task writes the rest
        String lastTask = tasks.isArray() && !tasks.isEmpty() ? tasks.get(tasks.size() - 1).path("id").asText() : null;
        if (item == null || item.equals(lastTask)) {
            sources.forEach((path, content) -> {
                if (!planned.containsKey(path)) {
                    written.putIfAbsent(path, content);
                }
            });
        }

        ObjectNode code = context.object();
        code.put("language", "python");
        if (tasks.isArray() && !tasks.isEmpty()) {
            code.set("taskIds", context.strings(implemented));
        }
        ArrayNode files = code.putArray("files");
        written.forEach((path, content) -> {
            ObjectNode file = files.addObject();
            file.put("path", path);
            file.put("content", content);
        });
        code.put("entryPoint", project.mainPath());
        code.put("buildCommand", "python3 -m compileall -q " + context.pkg());
        code.put("runCommand", project.runCommand() + " --help");
        return code;
    }

    /** A file the templates cannot write: present, so the tree is complete, and honest about it. */
    private static String unknownFile(String path) {
        String note = "VibeCoder's offline provider has no template for " + path
                + "; a real model or a human writes it.";
        if (path.endsWith(".py")) {
            return "\"\"\"" + note + "\"\"\"\n";
        }
        if (path.endsWith(".md") || path.endsWith(".txt")) {
            return note + "\n";
        }
        return path.endsWith(".toml") || path.endsWith(".cfg") || path.endsWith(".yaml") ? "# " + note + "\n" : "";
    }

    /** What the code document says about itself; call after {@link #code()}. */
    String notes() {
        String base = "Python 3 standard library only; `python3 -m " + context.pkg() + " --help` lists the "
                + "sub-commands.";
        if (!context.inputs().has("task-breakdown")) {
            return base + " No task breakdown was among the inputs, so the files follow the standard layout.";
        }
        if (unwritten.isEmpty()) {
            return base + (context.item() == null ? "" : " This is task " + context.item() + " only.");
        }
        return base + (context.item() == null ? " Not written, because the offline templates do not know them: "
                : " Written as placeholders, because the offline templates do not know them: ")
                + String.join(", ", unwritten.stream().distinct().toList()) + ".";
    }

    ObjectNode testPlan() {
        ObjectNode plan = context.object();
        plan.put("strategy", strategy());
        plan.put("testCommand", PythonProjectTemplate.TEST_COMMAND);
        ArrayNode cases = plan.putArray("testCases");
        for (PythonProjectTemplate.PlannedTest test : project.plannedTests()) {
            ObjectNode node = cases.addObject();
            node.put("id", "TC-" + cases.size());
            node.put("title", test.title() + trace(test.storyKeyword()));
            node.put("kind", test.kind());
            node.put("target", test.target());
            ArrayNode steps = node.putArray("steps");
            steps.add("Run `python3 -m unittest " + test.file().replace('/', '.').replaceAll("\\.py$", "") + "."
                    + test.testClass() + "." + test.method() + "` from the project root.");
            node.put("expected", test.expected());
        }
        ArrayNode files = plan.putArray("testFiles");
        project.tests().forEach((path, content) -> {
            ObjectNode file = files.addObject();
            file.put("path", path);
            file.put("content", content);
        });
        plan.put("coverageGoals", "Every repository operation (add, list, get, update, remove, search) and every "
                + "sub-command is exercised, each with its error path; aim for more than 90% line coverage of `"
                + context.pkg() + "` when measured with coverage.py.");
        return plan;
    }

    /** Whether the code input is the layout these tests import, for the notes. */
    String testPlanNotes() {
        JsonNode code = context.inputs().get("code");
        if (!code.isObject()) {
            return "No code was among the inputs; the tests target the standard layout of `" + context.pkg() + "`.";
        }
        List<String> paths = Inputs.paths(code.path("files"));
        boolean matches = paths.contains(project.storePath()) && paths.contains(project.cliPath());
        return matches ? "The tests import `" + project.storePath().replace('/', '.').replace(".py", "") + "` and `"
                + project.cliPath().replace('/', '.').replace(".py", "") + "` as the code input defines them."
                : "The code input does not contain " + project.storePath() + " and " + project.cliPath()
                        + "; these tests target that standard layout and will fail until the code follows it.";
    }

    private String strategy() {
        JsonNode prd = context.inputs().get("prd");
        String stories = prd.isObject() ? "the " + prd.path("userStories").size() + " user stories of the PRD"
                : "the user stories";
        return "Automated tests with Python's `unittest`, no third-party packages and no network, checking "
                + stories + " against the code as written.\n\n"
                + "- **Unit tests** (`tests/test_store.py`): `" + project.storeClass() + "` against a data file in a "
                + "temporary directory, including unknown ids, invalid input and a corrupt file.\n"
                + "- **Integration tests** (`tests/test_cli.py`): `" + context.pkg() + ".cli.main(argv)` called "
                + "in-process with stdout and stderr captured, checking output and exit codes; the data file comes "
                + "from `--data-file` or `$" + context.blueprint().envVar() + "`.\n"
                + "- **End to end**: one test starts `python3 -m " + context.pkg() + "` as a separate process.\n\n"
                + "Run everything from the project root with `" + PythonProjectTemplate.TEST_COMMAND + "`.\n";
    }

    /** " (US-3)" when the PRD has a story using the keyword, so each case traces to a story. */
    private String trace(String keyword) {
        Pattern word = Pattern.compile("(?i)\\b" + Pattern.quote(keyword) + "\\b");
        for (JsonNode story : context.inputs().get("prd").path("userStories")) {
            if (word.matcher(story.path("story").asText()).find() && story.path("id").isTextual()) {
                return " (" + story.path("id").asText() + ")";
            }
        }
        return "";
    }
}
