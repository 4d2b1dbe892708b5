package dev.vibecoder.engineering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A project's files as one tree, composed in a fixed order: each task's code, the test plan's test
 * files, then every fix in the order it was made (a later write wins, a delete removes). The same
 * documents always give the same tree.
 */
public final class WorkspaceFiles {

    /** One file and the document its content comes from ("T2", "test-plan v1", "fix v3"). */
    public record File(String path, String content, String source) {
    }

    private static final Pattern TEST_PATH = Pattern.compile(
            "(^|/)(tests?|src/test)/|(^|/)test_[^/]*\\.py$|_test\\.py$|Tests?\\.java$");

    private final Map<String, File> files = new LinkedHashMap<>();

    public static WorkspaceFiles of(Collection<Document> code) {
        WorkspaceFiles tree = new WorkspaceFiles();
        for (Document document : code) {
            String source = document.subject().isEmpty() ? "code v" + document.version() : document.subject();
            tree.put(document.content().path("files"), source);
        }
        return tree;
    }

    /** The files of a workspace document. */
    public static WorkspaceFiles ofWorkspace(Document workspace) {
        WorkspaceFiles tree = new WorkspaceFiles();
        for (JsonNode file : workspace.content().path("files")) {
            tree.files.put(file.path("path").asText(),
                    new File(file.path("path").asText(), file.path("content").asText(), file.path("source").asText()));
        }
        return tree;
    }

    public WorkspaceFiles withTests(Document testPlan) {
        put(testPlan.content().path("testFiles"), "test-plan v" + testPlan.version());
        return this;
    }

    public WorkspaceFiles withFixes(List<Document> fixes) {
        for (Document fix : fixes) {
            for (JsonNode change : fix.content().path("changes")) {
                String path = change.path("path").asText();
                if ("delete".equals(change.path("action").asText())) {
                    files.remove(path);
                } else {
                    files.put(path, new File(path, change.path("content").asText(), "fix v" + fix.version()));
                }
            }
        }
        return this;
    }

    private void put(JsonNode list, String source) {
        for (JsonNode file : list) {
            String path = file.path("path").asText();
            files.put(path, new File(path, file.path("content").asText(), source));
        }
    }

    public Collection<File> files() {
        return files.values();
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    public static boolean isTest(String path) {
        return TEST_PATH.matcher(path).find();
    }

    /** The language most files are written in, by extension. */
    public String language() {
        long python = files.keySet().stream().filter(p -> p.endsWith(".py")).count();
        long java = files.keySet().stream().filter(p -> p.endsWith(".java")).count();
        return java > python ? "java" : python > 0 ? "python" : "unknown";
    }

    /**
     * The files' contents by their path within the workspace, normalised ({@code ./a.py} is {@code
     * a.py}, separators are '/'), in the tree's order; of two files with the same normalised path
     * the later wins, as when they are written. A path that would leave the workspace (absolute,
     * climbing out with "..", or naming the workspace itself) is refused with an
     * IllegalArgumentException, before anything is written or zipped.
     */
    public Map<String, String> byRelativePath() {
        Map<String, String> checked = new LinkedHashMap<>();
        for (File file : files.values()) {
            Path path = Path.of(file.path()).normalize();
            if (path.isAbsolute() || path.toString().isEmpty() || path.startsWith("..")) {
                throw new IllegalArgumentException("path '" + file.path() + "' leaves the workspace");
            }
            checked.put(path.toString().replace('\\', '/'), file.content());
        }
        return checked;
    }

    /** Writes the tree under {@code dir}; a path that would leave it is refused ({@link #byRelativePath()}). */
    public void writeTo(Path dir) throws IOException {
        Map<String, String> checked;
        try {
            checked = byRelativePath();
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Path root = dir.toAbsolutePath().normalize();
        for (Map.Entry<String, String> file : checked.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    public List<File> list() {
        return new ArrayList<>(files.values());
    }
}
