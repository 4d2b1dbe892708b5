package dev.vibecoder.agent.llm.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.PromptProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixer's answer, without a model: the offline provider knows the project it generated, so it
 * repairs a failure by putting back its own version of the files the failure points at (a file
 * named in the output, or missing from the workspace), and explains the first line that differed.
 * Where nothing it knows differs, it says so in a notes file instead of guessing; the fix loop then
 * ends at a human checkpoint.
 */
final class FixWriter {

    /** Lines of a test or compiler output that say what went wrong. */
    private static final Pattern FAILURE_LINE = Pattern.compile(
            "(?m)^.*\\b(\\w*Error|\\w*Exception|FAIL|FAILED|error:)\\b.*$");
    /** An error or exception with its message: "AttributeError: ...", "error: cannot find symbol". */
    private static final Pattern RAISED = Pattern.compile("^(\\w+(Error|Exception)|error):");
    static final String NOTES_FILE = "VIBECODER_FIX_NOTES.md";
    private static final Pattern REMEMBERED_FIX = Pattern.compile("(?m)^The fix changed: (.*)$");

    private final Context context;
    private final PythonProjectTemplate project;

    FixWriter(Context context) {
        this.context = context;
        this.project = context.project();
    }

    ObjectNode fix() {
        String failure = failureText();
        Map<String, String> current = currentFiles();
        Map<String, String> known = new LinkedHashMap<>(project.sources());
        known.putAll(project.tests());

        // a fix that worked for a similar failure points at the file to look at first
        Set<String> remembered = rememberedFiles();
        Set<String> candidates = new LinkedHashSet<>();
        known.keySet().stream().filter(path -> remembered.contains(name(path))).forEach(candidates::add);
        candidates.addAll(suspects(failure, current, known));
        List<String> changed = new ArrayList<>();
        for (String path : candidates) {
            if (known.containsKey(path) && !known.get(path).equals(current.get(path))) {
                changed.add(path);
            }
        }
        if (changed.isEmpty()) {
            // the output named nothing useful: any file of ours that is not as we wrote it
            known.forEach((path, content) -> {
                if (current.containsKey(path) && !content.equals(current.get(path))) {
                    changed.add(path);
                }
            });
        }

        ObjectNode fix = context.object();
        String symptom = firstFailureLine(failure);
        String recalled = remembered.isEmpty() ? ""
                : " A remembered fix of a similar failure changed " + String.join(", ", remembered) + ".";
        fix.put("diagnosis", (symptom.isEmpty() ? "The check failed without an error line in its output."
                : "The run failed with: " + symptom) + recalled);
        ArrayNode changes = fix.putArray("changes");
        if (changed.isEmpty()) {
            fix.put("rootCause", "Unknown: every file the offline provider knows is as it generated it, so the cause "
                    + "is outside what it can repair.");
            fix.put("lesson", "When a failure is not in a file the templates wrote, it needs a real model or a human.");
            changes.addObject().put("path", NOTES_FILE).put("action", "write")
                    .put("content", "# Failure the offline provider could not repair\n\n" + symptom + "\n");
            return fix;
        }
        List<String> causes = new ArrayList<>();
        for (String path : changed) {
            changes.addObject().put("path", path).put("action", "write").put("content", known.get(path));
            causes.add(difference(path, current.get(path), known.get(path)));
        }
        fix.put("rootCause", String.join(" ", causes));
        String first = changed.get(0);
        fix.put("lesson", "Before handing over " + first + ", run its tests and check every return path against "
                + "what the tests expect; " + causes.get(0).substring(0, 1).toLowerCase() + causes.get(0).substring(1));
        return fix;
    }

    /** File names changed by recalled fixes that worked on similar failures (see MemoryNotes). */
    private Set<String> rememberedFiles() {
        Set<String> files = new LinkedHashSet<>();
        for (PromptProtocol.RecalledMemory memory : context.memories()) {
            Matcher changed = REMEMBERED_FIX.matcher(memory.text());
            if (memory.kind().equals("reflection") && memory.text().contains("That fix worked.") && changed.find()) {
                for (String change : changed.group(1).split(", ")) {
                    String path = change.replaceFirst("^(write|delete) ", "").strip();
                    files.add(name(path));
                }
            }
        }
        return files;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The failing run's output: a test report's excerpt, or a workspace check's output. */
    private String failureText() {
        JsonNode report = context.inputs().get("test-report");
        if (report.isObject()) {
            return report.path("outputExcerpt").asText("");
        }
        JsonNode check = context.inputs().get("workspace").path("check");
        StringBuilder text = new StringBuilder(check.path("output").asText(""));
        for (String missing : Inputs.texts(check.path("missingFiles"))) {
            text.append("\nmissing file: ").append(missing);
        }
        return text.toString();
    }

    /** The files as the failing run saw them: the workspace (or the code) with the test files on top. */
    private Map<String, String> currentFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        JsonNode tree = context.inputs().get("workspace");
        if (!tree.isObject()) {
            tree = context.inputs().get("code");
        }
        for (JsonNode file : tree.path("files")) {
            files.put(file.path("path").asText(), file.path("content").asText());
        }
        for (JsonNode file : context.inputs().get("test-plan").path("testFiles")) {
            files.put(file.path("path").asText(), file.path("content").asText());
        }
        return files;
    }

    /** Paths the failure output mentions (by path or by file name), in the order it mentions them. */
    private static Set<String> suspects(String failure, Map<String, String> current, Map<String, String> known) {
        Set<String> paths = new LinkedHashSet<>(current.keySet());
        paths.addAll(known.keySet());
        Map<Integer, String> byPosition = new java.util.TreeMap<>();
        for (String path : paths) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            Matcher mention = Pattern.compile("(^|[\\s\"'/(])" + Pattern.quote(name) + "\\b").matcher(failure);
            if (mention.find()) {
                byPosition.putIfAbsent(mention.start(), path);
            }
            if (!current.containsKey(path) && failure.contains("missing file: " + path)) {
                byPosition.putIfAbsent(failure.indexOf("missing file: " + path), path);
            }
        }
        // a traceback names the test file first and the faulty module last: the innermost frame matters most
        List<String> ordered = new ArrayList<>(byPosition.values());
        java.util.Collections.reverse(ordered);
        return new LinkedHashSet<>(ordered);
    }

    /** The line that says what went wrong: an error or exception first, else a failing test's name. */
    private static String firstFailureLine(String failure) {
        String first = "";
        Matcher line = FAILURE_LINE.matcher(failure);
        while (line.find()) {
            String text = line.group().strip();
            if (text.startsWith("Traceback") || text.matches("FAILED \\(.*\\)")) {
                continue;
            }
            if (RAISED.matcher(text).find()) {
                first = text;
                break;
            }
            first = first.isEmpty() ? text : first;
        }
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    /** "store.py line 42 read `x` where it should read `y`.", or the file was missing. */
    private static String difference(String path, String was, String should) {
        if (was == null) {
            return path + " was missing from the workspace.";
        }
        String[] a = was.split("\n", -1);
        String[] b = should.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i].strip() : "";
            String right = i < b.length ? b[i].strip() : "";
            if (!left.equals(right)) {
                return path + " line " + (i + 1) + " read `" + clip(left) + "` where it should read `" + clip(right) + "`.";
            }
        }
        return path + " differed only in whitespace.";
    }

    private static String clip(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
