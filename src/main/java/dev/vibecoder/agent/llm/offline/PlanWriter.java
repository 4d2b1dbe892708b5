package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task breakdown: the design's non-test files, each in exactly one task, with dependencies that
 * follow the imports (model, then repository, then command line, then the package that exposes them).
 * Files the template does not know (a design written by someone else) get a task each, in the
 * design's order, so nothing the architect listed is dropped.
 */
final class PlanWriter {

    private static final Set<String> PACKAGING = Set.of("__init__.py", "__main__.py", "pyproject.toml",
            "setup.py", "setup.cfg", "requirements.txt", "README.md");

    private record Task(String title, String description, List<String> files, List<String> dependsOn) {
    }

    private final Context context;
    private final PythonProjectTemplate project;

    PlanWriter(Context context) {
        this.context = context;
        this.project = context.project();
    }

    ObjectNode taskBreakdown() {
        List<String> files = designFiles();
        Map<String, Task> tasks = plan(files);
        ObjectNode breakdown = context.object();
        breakdown.set("requiredPackages", context.array());
        breakdown.set("requiredOtherLanguagePackages", context.array());
        ArrayNode analysis = breakdown.putArray("logicAnalysis");
        for (String file : files) {
            if (!PythonProjectTemplate.isTestFile(file)) {
                ObjectNode node = analysis.addObject();
                node.put("file", file);
                node.put("analysis", analysisOf(file));
            }
        }
        ArrayNode array = breakdown.putArray("tasks");
        tasks.forEach((id, task) -> {
            ObjectNode node = array.addObject();
            node.put("id", id);
            node.put("title", task.title());
            node.put("description", task.description());
            node.set("files", context.strings(task.files()));
            node.set("dependsOn", context.strings(task.dependsOn()));
        });
        breakdown.put("fullApiSpec", apiTable());
        breakdown.put("sharedKnowledge", sharedKnowledge());
        breakdown.put("anythingUnclear", "Test files (" + String.join(", ", files.stream()
                .filter(PythonProjectTemplate::isTestFile).toList()) + ") are written by QA with the test plan, so "
                + "no task here covers them. " + (context.inputs().has("system-design")
                        ? "The file list is the system design's."
                        : "No system design was among the inputs; the file list follows the standard layout for "
                                + "the PRD's project.")
                + context.feedbackSentence());
        return breakdown;
    }

    /** The design's file list when there is one, else the template's. */
    private List<String> designFiles() {
        List<String> files = Inputs.texts(context.inputs().get("system-design").path("fileList"));
        boolean anySource = files.stream().anyMatch(file -> !PythonProjectTemplate.isTestFile(file));
        return anySource ? files.stream().distinct().toList() : project.fileList();
    }

    private Map<String, Task> plan(List<String> files) {
        List<String> model = new ArrayList<>();
        List<String> store = new ArrayList<>();
        List<String> cli = new ArrayList<>();
        List<String> packaging = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String file : files) {
            if (PythonProjectTemplate.isTestFile(file)) {
                continue;
            }
            String name = file.substring(file.lastIndexOf('/') + 1);
            switch (name) {
                case "models.py" -> model.add(file);
                case "store.py" -> store.add(file);
                case "cli.py" -> cli.add(file);
                default -> (PACKAGING.contains(name) ? packaging : others).add(file);
            }
        }
        Noun entity = context.entity();
        Map<String, Task> tasks = new LinkedHashMap<>();
        String modelTask = add(tasks, "Data model", "Write the `" + entity.className() + "` dataclass (id, title, "
                + "notes, " + context.listField().plural() + (context.blueprint().tracksCompletion() ? ", done" : "")
                + ") with `to_dict` and `from_dict`.", model, List.of());
        String storeTask = add(tasks, "JSON-file repository", "Write `" + project.storeClass() + "` with add, "
                + "list, get, update, remove and search, the errors `NotFoundError`, `ValidationError` and "
                + "`StoreError`, input validation and atomic writes.", store, ids(modelTask));
        String cliTask = add(tasks, "Command line", "Write `build_parser`, `main(argv)` and `run`: the "
                + "sub-commands " + String.join(", ", project.commands().stream().map(c -> c.name()).toList())
                + ", the data file from --data-file or $" + context.blueprint().envVar()
                + ", and exit codes 1 (not found) and 2 (invalid input).", cli, ids(storeTask));
        String previous = cliTask != null ? cliTask : storeTask != null ? storeTask : modelTask;
        List<String> otherTasks = new ArrayList<>();
        for (String file : others) {
            previous = add(tasks, "Implement " + file, "Write `" + file + "` as the system design describes it.",
                    List.of(file), ids(previous));
            otherTasks.add(previous);
        }
        List<String> packagingDeps = new ArrayList<>(ids(modelTask, storeTask, cliTask));
        packagingDeps.addAll(otherTasks);
        add(tasks, "Packaging and entry points", "Export the public API from `__init__.py`, run `main` from "
                + "`__main__.py` and declare the `" + context.pkg() + "` command in `pyproject.toml`.", packaging,
                packagingDeps);
        return tasks;
    }

    /** Adds a task when it has files; returns its id, or null when there was nothing to do. */
    private static String add(Map<String, Task> tasks, String title, String description, List<String> files,
            List<String> dependsOn) {
        if (files.isEmpty()) {
            return null;
        }
        String id = "T" + (tasks.size() + 1);
        tasks.put(id, new Task(title, description, files, dependsOn));
        return id;
    }

    private static List<String> ids(String... ids) {
        List<String> present = new ArrayList<>();
        for (String id : ids) {
            if (id != null) {
                present.add(id);
            }
        }
        return present;
    }

    private String analysisOf(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        Noun entity = context.entity();
        return switch (name) {
            case "models.py" -> "Defines `" + entity.className() + "`; imports only `dataclasses`. `from_dict` "
                    + "tolerates missing optional fields so older data files still load.";
            case "store.py" -> "Imports `" + entity.className() + "` from models. `_load` returns an empty store "
                    + "when the file is missing and raises `StoreError` when it is not valid; `_save` writes a "
                    + "temporary file and renames it. Ids come from `next_id` and are never reused.";
            case "cli.py" -> "Imports `" + project.storeClass() + "` and the errors from store. One argparse "
                    + "sub-command per operation; `main` maps NotFoundError to exit code 1, ValidationError and "
                    + "StoreError to 2.";
            case "__init__.py" -> "Re-exports `" + entity.className() + "`, `" + project.storeClass()
                    + "` and the error classes.";
            case "__main__.py" -> "Calls `cli.main()` and exits with its return code.";
            case "pyproject.toml" -> "setuptools metadata, no dependencies, console script `" + context.pkg()
                    + "` pointing at `" + context.pkg() + ".cli:main`.";
            default -> "Listed by the system design; implemented as it describes.";
        };
    }

    private String apiTable() {
        StringBuilder md = new StringBuilder("| Operation | Signature | Summary |\n| --- | --- | --- |\n");
        JsonNode operations = context.inputs().get("api-spec").path("operations");
        if (operations.isArray() && !operations.isEmpty()) {
            for (JsonNode operation : operations) {
                md.append("| ").append(Context.cell(operation.path("id").asText())).append(" | `")
                        .append(Context.cell(operation.path("signature").asText())).append("` | ")
                        .append(Context.cell(operation.path("summary").asText())).append(" |\n");
            }
        } else {
            for (PythonProjectTemplate.Command command : project.commands()) {
                md.append("| ").append(command.name()).append(" | `").append(command.usage()).append("` | ")
                        .append(command.summary()).append(" |\n");
            }
        }
        return md.toString();
    }

    private String sharedKnowledge() {
        Blueprint blueprint = context.blueprint();
        return "- Package `" + context.pkg() + "`; run it with `python3 -m " + context.pkg() + "` or, once "
                + "installed, `" + context.pkg() + "`.\n"
                + "- Data file: `--data-file PATH`, else `$" + blueprint.envVar() + "`, else `"
                + blueprint.defaultDataFile() + "`. Format: `{\"next_id\": N, \"" + context.entity().plural()
                + "\": [...]}`.\n"
                + "- Errors: `NotFoundError` means exit code 1; `ValidationError` and `StoreError` mean exit code 2; "
                + "argparse usage errors also exit with 2.\n"
                + "- Standard library only (Python 3.9+); tests use `unittest`: `"
                + PythonProjectTemplate.TEST_COMMAND + "` from the project root.\n";
    }
}
