package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment guide and the user documentation. */
final class GuideWriter {

    private static final Pattern ENV_IN_CODE = Pattern.compile("DATA_FILE_ENV = \"([A-Z][A-Z0-9_]*)\"");

    private final Context context;
    private final PythonProjectTemplate project;

    GuideWriter(Context context) {
        this.context = context;
        this.project = context.project();
    }

    /** The variable naming the data file, as the code input spells it when there is one. */
    private String envVar() {
        String cli = Inputs.content(context.inputs().get("code").path("files"), "/cli.py");
        Matcher matcher = cli == null ? null : ENV_IN_CODE.matcher(cli);
        return matcher != null && matcher.find() ? matcher.group(1) : context.blueprint().envVar();
    }

    private String testCommand() {
        String command = context.inputs().get("test-plan").path("testCommand").asText("");
        return command.isBlank() ? PythonProjectTemplate.TEST_COMMAND : command;
    }

    ObjectNode deploymentGuide() {
        String pkg = context.pkg();
        ObjectNode guide = context.object();
        guide.set("prerequisites", context.strings(List.of(
                "Python 3.9 or newer (`python3 --version`); no third-party packages are needed.",
                "pip, only to install the `" + pkg + "` command (running with `python3 -m " + pkg + "` needs none).",
                "Write access to the directory that holds the data file.")));
        ArrayNode variables = guide.putArray("environmentVariables");
        ObjectNode variable = variables.addObject();
        variable.put("name", envVar());
        variable.put("description", "Path of the JSON data file holding the " + context.entity().pluralLabel()
                + "; the --data-file option overrides it.");
        variable.put("default", context.blueprint().defaultDataFile());
        variable.put("required", false);
        guide.set("buildSteps", context.strings(List.of(
                "python3 -m venv .venv && . .venv/bin/activate",
                "python3 -m compileall -q " + pkg,
                testCommand(),
                "python3 -m pip install .")));
        guide.set("runSteps", context.strings(List.of(
                "export " + envVar() + "=\"$HOME/." + pkg + ".json\"",
                pkg + " add \"My first " + context.entity().label() + "\"",
                pkg + " list",
                "Without installing: python3 -m " + pkg + " list")));
        guide.put("dockerfile", dockerfile());
        guide.put("ciPipeline", ciPipeline());
        guide.set("healthChecks", context.strings(List.of(
                "`python3 -m " + pkg + " --help` exits with code 0.",
                "`" + pkg + " list` exits with code 0; exit code 2 with `error: cannot read` means the data file is "
                        + "damaged.",
                "`" + testCommand() + "` passes on the deployed version.")));
        guide.put("monitoring", "A command-line tool has no server to watch: check exit codes in scripts (0 ok, "
                + "1 unknown id, 2 invalid input or unreadable data file) and back up the data file, e.g. with a "
                + "daily copy of `$" + envVar() + "`.");
        guide.put("rollback", "Reinstall the previous version with `python3 -m pip install " + pkg.replace('_', '-')
                + "==<previous version>` (or check out the previous tag and `python3 -m pip install .`). The data "
                + "file format is unchanged between versions; restore the backup of the data file if a release "
                + "damaged it.");
        return guide;
    }

    private String dockerfile() {
        String pkg = context.pkg();
        return String.join("\n",
                "FROM python:3.12-slim",
                "WORKDIR /app",
                "COPY pyproject.toml ./",
                "COPY " + pkg + "/ ./" + pkg + "/",
                "RUN pip install --no-cache-dir . && useradd --create-home app && mkdir /data && chown app /data",
                "USER app",
                "ENV " + envVar() + "=/data/" + pkg + ".json",
                "VOLUME [\"/data\"]",
                "ENTRYPOINT [\"" + pkg + "\"]",
                "CMD [\"list\"]") + "\n";
    }

    private String ciPipeline() {
        return String.join("\n",
                "name: ci",
                "on: [push, pull_request]",
                "jobs:",
                "  test:",
                "    runs-on: ubuntu-latest",
                "    strategy:",
                "      matrix:",
                "        python-version: [\"3.9\", \"3.11\", \"3.12\"]",
                "    steps:",
                "      - uses: actions/checkout@v4",
                "      - uses: actions/setup-python@v5",
                "        with:",
                "          python-version: ${{ matrix.python-version }}",
                "      - run: python3 -m compileall -q " + context.pkg(),
                "      - run: " + testCommand()) + "\n";
    }

    ObjectNode userDocs() {
        Noun entity = context.entity();
        String pkg = context.pkg();
        ObjectNode docs = context.object();
        docs.put("title", context.blueprint().title() + " user guide");
        docs.put("overview", overview());
        docs.put("installation", installation());
        String flag = "--" + context.listField().singular().replace('_', '-');
        docs.put("quickStart", "```sh\n"
                + "python3 -m " + pkg + " add \"My first " + entity.label() + "\" " + flag + " example\n"
                + "python3 -m " + pkg + " list\n"
                + "python3 -m " + pkg + " show 1\n"
                + "```\n\nOnce installed with pip, `" + pkg + "` works in place of `python3 -m " + pkg + "`.\n");
        docs.set("usage", usage());
        docs.put("configuration", "| Setting | Meaning | Default |\n| --- | --- | --- |\n"
                + "| `--data-file PATH` | the data file for this one command | |\n"
                + "| `" + envVar() + "` | the data file when --data-file is not given | `"
                + context.blueprint().defaultDataFile() + "` |\n");
        ArrayNode faq = docs.putArray("faq");
        addPair(faq, "question", "answer", "Where are my " + entity.pluralLabel() + " stored?",
                "In one JSON file: `--data-file`, else $" + envVar() + ", else " + context.blueprint().defaultDataFile()
                        + ". It is plain JSON, so you can back it up or read it with other tools.");
        addPair(faq, "question", "answer", "Can I keep separate lists?",
                "Yes: point --data-file or $" + envVar() + " at a different file for each list.");
        addPair(faq, "question", "answer", "Are ids reused after I remove " + entity.withArticle() + "?",
                "No. Ids only grow, so an old id never refers to another " + entity.label() + ".");
        ArrayNode troubleshooting = docs.putArray("troubleshooting");
        addPair(troubleshooting, "problem", "solution", "`error: no " + entity.label() + " with id N` (exit code 1)",
                "Run `" + pkg + " list` to see the ids that exist.");
        addPair(troubleshooting, "problem", "solution", "`error: cannot read ...` or `... is not a " + pkg
                + " data file` (exit code 2)", "The data file is damaged or belongs to something else. It is never "
                + "overwritten in that state: restore a backup or point --data-file at a new file.");
        addPair(troubleshooting, "problem", "solution", "`error: title must not be empty` (exit code 2)",
                "Give a title in quotes, e.g. `" + pkg + " add \"Something\"`.");
        addPair(troubleshooting, "problem", "solution", "`" + pkg + ": command not found`",
                "Install with `python3 -m pip install .` in the project directory, or use `python3 -m " + pkg + "`.");
        return docs;
    }

    private String overview() {
        JsonNode prd = context.inputs().get("prd");
        StringBuilder md = new StringBuilder();
        md.append("**").append(context.blueprint().title()).append("** keeps ").append(context.entity().pluralLabel())
                .append(" in a JSON file and manages them from the command line: add, list, show, update, ")
                .append(context.blueprint().tracksCompletion() ? "mark done, " : "").append("remove and search.\n\n");
        List<String> goals = Inputs.texts(prd.path("productGoals"));
        if (!goals.isEmpty()) {
            md.append("Goals:\n\n");
            goals.forEach(goal -> md.append("- ").append(goal).append('\n'));
        } else if (!context.idea().sentences().isEmpty()) {
            md.append("It was built from this idea: ").append(context.idea().sentences().get(0)).append('\n');
        }
        return md.toString();
    }

    private String installation() {
        JsonNode guide = context.inputs().get("deployment-guide");
        List<String> prerequisites = Inputs.texts(guide.path("prerequisites"));
        List<String> steps = Inputs.texts(guide.path("buildSteps"));
        if (prerequisites.isEmpty() || steps.isEmpty()) {
            prerequisites = List.of("Python 3.9 or newer; nothing else.");
            steps = List.of("python3 -m venv .venv && . .venv/bin/activate", "python3 -m pip install .");
        }
        StringBuilder md = new StringBuilder("You need:\n\n");
        prerequisites.forEach(p -> md.append("- ").append(p).append('\n'));
        md.append("\nIn the project directory:\n\n```sh\n");
        steps.forEach(step -> md.append(step).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    /** One section per operation of the API spec when there is one, else per command of the tool. */
    private ArrayNode usage() {
        List<PythonProjectTemplate.Command> commands = new ArrayList<>();
        for (JsonNode operation : context.inputs().get("api-spec").path("operations")) {
            commands.add(new PythonProjectTemplate.Command(operation.path("id").asText(),
                    operation.path("signature").asText(), operation.path("summary").asText(),
                    operation.path("input").asText(), operation.path("output").asText(), List.of()));
        }
        if (commands.isEmpty()) {
            commands = project.commands();
        }
        ArrayNode usage = context.array();
        for (PythonProjectTemplate.Command command : commands) {
            StringBuilder content = new StringBuilder();
            if (!command.usage().isBlank()) {
                content.append("```sh\n").append(command.usage()).append("\n```\n\n");
            }
            content.append(command.summary().isBlank() ? "See the API specification." : command.summary());
            if (!command.output().isBlank()) {
                content.append("\n\nOutput: ").append(command.output());
            }
            String title = command.name().isBlank() ? "Operation " + (usage.size() + 1) : command.name();
            ObjectNode node = usage.addObject();
            node.put("title", title);
            node.put("content", content.toString());
        }
        return usage;
    }

    private static void addPair(ArrayNode array, String first, String second, String a, String b) {
        ObjectNode node = array.addObject();
        node.put(first, a);
        node.put(second, b);
    }
}
