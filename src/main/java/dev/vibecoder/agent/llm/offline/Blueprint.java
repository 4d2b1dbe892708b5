package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names every document of a project shares: the package, the entity class, its list field and
 * whether it can be marked done. Upstream documents win over the idea, so that a later role builds
 * on what an earlier one wrote (even when an earlier role was a real model); the idea is the fallback
 * when a workflow skipped the document that would have said.
 */
record Blueprint(IdeaFacts idea, String projectName, Noun entity, Noun listField, boolean tracksCompletion) {

    private static final Pattern PACKAGE_FILE =
            Pattern.compile("([a-z][a-z0-9_]{1,63})/(?:__main__|__init__|models|store|cli)\\.py");
    private static final Pattern DATACLASS = Pattern.compile("@dataclass\\s*\\n\\s*class ([A-Z][A-Za-z0-9]*)\\b");
    private static final Pattern CODE_LIST_FIELD = Pattern.compile("(?m)^\\s+([a-z][a-z0-9_]*): list\\[str\\]");
    private static final Pattern CODE_DONE_FIELD = Pattern.compile("(?m)^\\s+done: bool");
    private static final Pattern DIAGRAM_CLASS = Pattern.compile("class ([A-Z][A-Za-z0-9]*)");
    private static final Pattern DIAGRAM_LIST_FIELD = Pattern.compile("\\+list~str~ ([a-z][a-z0-9_]*)");
    private static final Pattern DIAGRAM_DONE_FIELD = Pattern.compile("\\+bool done\\b");

    /** The entity as an upstream document describes it; listField may be null when it names none. */
    private record Shape(Noun entity, Noun listField, boolean done) {
    }

    static Blueprint resolve(IdeaFacts idea, Inputs inputs) {
        String project = packageFromFiles(inputs);
        if (project == null) {
            project = PythonNames.safePackage(inputs.get("prd").path("projectName").asText(null));
        }
        if (project == null) {
            project = idea.projectName();
        }
        Shape shape = fromCode(inputs.get("code"));
        if (shape == null) {
            shape = fromApiSpec(inputs.get("api-spec"));
        }
        if (shape == null) {
            shape = fromDesign(inputs.get("system-design"));
        }
        if (shape == null) {
            return new Blueprint(idea, project, idea.entity(), idea.listField(), idea.tracksCompletion());
        }
        return new Blueprint(idea, project, shape.entity(),
                shape.listField() == null ? idea.listField() : shape.listField(), shape.done());
    }

    /** The environment variable naming the data file. */
    String envVar() {
        return projectName.toUpperCase(Locale.ROOT) + "_DATA_FILE";
    }

    String defaultDataFile() {
        return "~/." + projectName + ".json";
    }

    /** "todo_list_manager" becomes "Todo List Manager". */
    String title() {
        StringBuilder title = new StringBuilder();
        for (String part : projectName.split("_+")) {
            if (!part.isEmpty()) {
                title.append(title.isEmpty() ? "" : " ").append(Character.toUpperCase(part.charAt(0)))
                        .append(part.substring(1));
            }
        }
        return title.toString();
    }

    /** One line about the product; built from safe names only, so it may appear inside code. */
    String description() {
        return "Keep " + entity.pluralLabel() + " in a JSON file and manage them from the command line.";
    }

    /** The package name from the file lists downstream roles wrote: the code, the tasks, the design. */
    private static String packageFromFiles(Inputs inputs) {
        List<String> paths = new ArrayList<>(Inputs.paths(inputs.get("code").path("files")));
        for (JsonNode task : inputs.get("task-breakdown").path("tasks")) {
            paths.addAll(Inputs.texts(task.path("files")));
        }
        paths.addAll(Inputs.texts(inputs.get("system-design").path("fileList")));
        for (String path : paths) {
            Matcher matcher = PACKAGE_FILE.matcher(path);
            if (matcher.matches() && PythonNames.isSafePackage(matcher.group(1))) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static Shape fromCode(JsonNode code) {
        String models = Inputs.content(code.path("files"), "/models.py");
        if (models == null) {
            return null;
        }
        Matcher dataclass = DATACLASS.matcher(models);
        Noun entity = dataclass.find() ? Noun.fromClassName(dataclass.group(1)) : null;
        if (entity == null) {
            return null;
        }
        Matcher list = CODE_LIST_FIELD.matcher(models);
        return new Shape(entity, list.find() ? listField(list.group(1)) : null,
                CODE_DONE_FIELD.matcher(models).find());
    }

    private static Shape fromApiSpec(JsonNode api) {
        JsonNode model = api.path("dataModels").path(0);
        Noun entity = Noun.fromClassName(model.path("name").asText(null));
        if (entity == null) {
            return null;
        }
        Noun list = null;
        boolean done = false;
        for (JsonNode field : model.path("fields")) {
            String name = field.path("name").asText("");
            String type = field.path("type").asText("").toLowerCase(Locale.ROOT);
            if (list == null && (type.startsWith("list") || type.endsWith("[]") || type.startsWith("array"))) {
                list = listField(name);
            }
            done |= name.equals("done");
        }
        return new Shape(entity, list, done);
    }

    private static Shape fromDesign(JsonNode design) {
        String diagram = design.path("dataStructuresAndInterfaces").asText("");
        Matcher classes = DIAGRAM_CLASS.matcher(diagram);
        Noun entity = null;
        while (entity == null && classes.find()) {
            if (!classes.group(1).endsWith("Store")) {
                entity = Noun.fromClassName(classes.group(1));
            }
        }
        if (entity == null) {
            return null;
        }
        Matcher list = DIAGRAM_LIST_FIELD.matcher(diagram);
        return new Shape(entity, list.find() ? listField(list.group(1)) : null,
                DIAGRAM_DONE_FIELD.matcher(diagram).find());
    }

    private static Noun listField(String plural) {
        if (!plural.matches("[a-z]{3,30}")) {
            return null;
        }
        Noun field = new Noun(Noun.singularOf(plural), plural);
        return IdeaFacts.isUsableField(field) ? field : null;
    }
}
