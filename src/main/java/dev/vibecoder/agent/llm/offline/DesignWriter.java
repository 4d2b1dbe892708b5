package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The system design and the API specification of the generated project. */
final class DesignWriter {

    private final Context context;
    private final PythonProjectTemplate project;

    DesignWriter(Context context) {
        this.context = context;
        this.project = context.project();
    }

    ObjectNode systemDesign() {
        ObjectNode design = context.object();
        design.put("implementationApproach", approach());
        design.set("fileList", context.strings(project.fileList()));
        ArrayNode components = context.array();
        addComponent(components, "Model", "The " + context.entity().className() + " dataclass: fields, defaults "
                + "and conversion to and from the JSON data file.", List.of(project.modelPath()));
        addComponent(components, "Repository", project.storeClass() + ": add, list, get, update, remove and "
                + "search over one JSON file, with validation and atomic writes.", List.of(project.storePath()));
        addComponent(components, "Command line", "argparse sub-commands that call the repository, print "
                + "results and turn errors into exit codes.", List.of(project.cliPath(), project.mainPath()));
        addComponent(components, "Packaging", "The public API of the package and the installable "
                + "`" + context.pkg() + "` command.", List.of(project.initPath(), "pyproject.toml"));
        addComponent(components, "Tests", "unittest suites for the repository and the command line; temporary "
                + "data files, no network.", project.tests().keySet().stream().toList());
        design.set("components", components);
        design.put("dataStructuresAndInterfaces", classDiagram());
        design.put("programCallFlow", callFlow());
        design.put("anythingUnclear", "The design follows the PRD" + prdReference() + "; it keeps everything in "
                + "one JSON file, which is enough for one user and a few thousand " + context.entity().pluralLabel()
                + ". A database would only be needed for concurrent writers." + context.feedbackSentence());
        return design;
    }

    private String prdReference() {
        JsonNode prd = context.inputs().get("prd");
        if (!prd.isObject()) {
            return " as derived from the idea (no PRD was among the inputs)";
        }
        return " of `" + context.pkg() + "` (" + prd.path("userStories").size() + " user stories, "
                + prd.path("requirementPool").size() + " requirements)";
    }

    private String approach() {
        Noun entity = context.entity();
        return "`" + context.pkg() + "` is a small Python 3 package that uses only the standard library, so it "
                + "runs wherever Python 3.9 or newer is installed and needs no network.\n\n"
                + "- **Model** (`" + project.modelPath() + "`): a `@dataclass` `" + entity.className()
                + "` with `to_dict` and `from_dict` for the JSON file.\n"
                + "- **Repository** (`" + project.storePath() + "`): `" + project.storeClass()
                + "` reads and writes one JSON file. Ids start at 1 and are never reused. Every write goes to a "
                + "temporary file that is then renamed over the old one, so a crash cannot leave half a file. "
                + "Errors are `NotFoundError`, `ValidationError` and `StoreError`.\n"
                + "- **Command line** (`" + project.cliPath() + "`): `build_parser()` defines the sub-commands "
                + String.join(", ", project.commands().stream().map(c -> "`" + c.name() + "`").toList())
                + "; `main(argv)` returns the exit code instead of exiting, so tests can call it directly. The "
                + "data file is `--data-file`, else `$" + context.blueprint().envVar() + "`, else `"
                + context.blueprint().defaultDataFile() + "`.\n"
                + "- **Packaging**: `" + project.initPath() + "` exports the public API, `" + project.mainPath()
                + "` enables `python3 -m " + context.pkg() + "`, `pyproject.toml` installs the `" + context.pkg()
                + "` command.\n"
                + "- **Tests** (`tests/`): `unittest` only, each test with its own temporary data file; run with `"
                + PythonProjectTemplate.TEST_COMMAND + "`.\n";
    }

    private static void addComponent(ArrayNode components, String name, String responsibility, List<String> files) {
        ObjectNode node = components.addObject();
        node.put("name", name);
        node.put("responsibility", responsibility);
        ArrayNode array = node.putArray("files");
        files.forEach(array::add);
    }

    private String classDiagram() {
        String entity = context.entity().className();
        String list = context.listField().plural();
        boolean done = context.blueprint().tracksCompletion();
        StringBuilder diagram = new StringBuilder("classDiagram\n");
        diagram.append("    class ").append(entity).append(" {\n");
        for (PythonProjectTemplate.Field field : project.fields()) {
            diagram.append("        +").append(field.type().replace("[", "~").replace("]", "~")).append(' ')
                    .append(field.name()).append('\n');
        }
        diagram.append("        +to_dict() dict\n");
        diagram.append("        +from_dict(data) ").append(entity).append("$\n");
        diagram.append("    }\n");
        diagram.append("    class ").append(project.storeClass()).append(" {\n");
        diagram.append("        +Path path\n");
        diagram.append("        +add(title, notes, ").append(list).append(") ").append(entity).append('\n');
        diagram.append("        +list() list~").append(entity).append("~\n");
        diagram.append("        +get(item_id) ").append(entity).append('\n');
        diagram.append("        +update(item_id, title, notes, ").append(list).append(done ? ", done" : "")
                .append(") ").append(entity).append('\n');
        diagram.append("        +remove(item_id) ").append(entity).append('\n');
        diagram.append("        +search(text) list~").append(entity).append("~\n");
        diagram.append("    }\n");
        diagram.append("    class cli {\n");
        diagram.append("        <<module>>\n");
        diagram.append("        +build_parser() ArgumentParser\n");
        diagram.append("        +main(argv) int\n");
        diagram.append("        +run(store, args) int\n");
        diagram.append("    }\n");
        diagram.append("    class StoreError\n");
        diagram.append("    class ValidationError\n");
        diagram.append("    class NotFoundError\n");
        diagram.append("    ").append(project.storeClass()).append(" --> ").append(entity).append(" : keeps\n");
        diagram.append("    ").append(project.storeClass()).append(" ..> StoreError : raises\n");
        diagram.append("    ").append(project.storeClass()).append(" ..> ValidationError : raises\n");
        diagram.append("    ").append(project.storeClass()).append(" ..> NotFoundError : raises\n");
        diagram.append("    cli ..> ").append(project.storeClass()).append(" : calls\n");
        return diagram.toString();
    }

    private String callFlow() {
        Noun entity = context.entity();
        String list = context.listField().plural();
        return String.join("\n",
                "sequenceDiagram",
                "    actor User",
                "    participant CLI as cli.main",
                "    participant Store as " + project.storeClass(),
                "    participant File as JSON data file",
                "    User->>CLI: " + context.pkg() + " add TITLE",
                "    CLI->>CLI: build_parser().parse_args(argv)",
                "    CLI->>Store: add(title, notes, " + list + ")",
                "    Store->>File: _load()",
                "    File-->>Store: next_id and " + entity.pluralLabel(),
                "    Store->>Store: validate and create " + entity.className(),
                "    Store->>File: _save() to a temporary file, then rename",
                "    Store-->>CLI: " + entity.className(),
                "    CLI-->>User: added " + entity.label() + " ID: TITLE (exit code 0)",
                "    User->>CLI: " + context.pkg() + " show 99",
                "    CLI->>Store: get(99)",
                "    Store-->>CLI: NotFoundError",
                "    CLI-->>User: error: no " + entity.label() + " with id 99 (exit code 1)") + "\n";
    }

    ObjectNode apiSpec() {
        ObjectNode api = context.object();
        api.put("style", "cli");
        ArrayNode operations = api.putArray("operations");
        for (PythonProjectTemplate.Command command : project.commands()) {
            ObjectNode node = operations.addObject();
            node.put("id", command.name());
            node.put("summary", command.summary());
            node.put("signature", command.usage());
            node.put("input", command.input());
            node.put("output", command.output());
            ArrayNode errors = node.putArray("errors");
            command.errors().forEach(errors::add);
        }
        ArrayNode models = api.putArray("dataModels");
        ObjectNode entity = models.addObject();
        entity.put("name", context.entity().className());
        ArrayNode fields = entity.putArray("fields");
        for (PythonProjectTemplate.Field field : project.fields()) {
            ObjectNode node = fields.addObject();
            node.put("name", field.name());
            node.put("type", field.type());
            node.put("required", field.required());
            node.put("description", field.description());
        }
        ObjectNode file = models.addObject();
        file.put("name", "DataFile");
        ArrayNode fileFields = file.putArray("fields");
        addField(fileFields, "next_id", "int", "the id the next " + context.entity().label() + " gets");
        addField(fileFields, context.entity().plural(), "list[" + context.entity().className() + "]",
                "every " + context.entity().label() + ", in the order added");
        ArrayNode errors = api.putArray("errors");
        addError(errors, "NOT_FOUND", "No " + context.entity().label() + " has that id; exit code 1, "
                + "`error: no " + context.entity().label() + " with id ID` on stderr (NotFoundError).");
        addError(errors, "INVALID_INPUT", "A blank or too long title, a blank " + context.listField().label()
                + " or empty search text; exit code 2 (ValidationError).");
        addError(errors, "STORE_ERROR", "The data file cannot be read, is not JSON of this tool, or cannot be "
                + "written; exit code 2 and the file is left as it was (StoreError).");
        addError(errors, "USAGE", "Unknown sub-command, missing argument or an id that is not a number; argparse "
                + "prints usage and exits with code 2.");
        return api;
    }

    private static void addField(ArrayNode fields, String name, String type, String description) {
        ObjectNode node = fields.addObject();
        node.put("name", name);
        node.put("type", type);
        node.put("required", true);
        node.put("description", description);
    }

    private static void addError(ArrayNode errors, String code, String meaning) {
        ObjectNode node = errors.addObject();
        node.put("code", code);
        node.put("meaning", meaning);
    }
}
