package dev.vibecoder.connector.github;

import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentMarkdown;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.engineering.HubStepDocuments;
import dev.vibecoder.engineering.WorkspaceFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What a project's pull request holds: the project's files as the tests ran them
 * ({@link HubStepDocuments#testedTree}, the tree {@code TestRunner} runs), and its documents as
 * Markdown under the docs directory, rendered as the API and the artifacts render them
 * ({@link DocumentMarkdown}). Paths the hub does not write to a repository are left out and listed:
 * absolute or escaping ones, and anything under {@code .git/} or {@code .github/}: text from an
 * issue reaches the model, and a workflow file on a branch of the repository would run with the
 * repository's secrets.
 */
@Component
public class PullRequestFiles {

    /** Documents whose content is the files themselves: they are in the tree as files, not as Markdown. */
    private static final Set<String> FILE_DOCUMENTS = Set.of("code", "workspace", "fix");
    private static final Set<String> GUARDED_DIRECTORIES = Set.of(".git", ".github");

    /** One file of the tree. */
    public record File(String path, String content, Kind kind) {

        /** The git blob id of the content: what GitHub's blob for it will be called. */
        public String gitSha() {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
                return HexFormat.of().formatHex(sha1.digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public enum Kind {
        CODE, TEST, DOCUMENT
    }

    /**
     * The files, by path, and the paths left out with the reason.
     */
    public record Tree(Map<String, File> files, Map<String, String> leftOut) {

        /** Path -> git blob id, to compare with what was published before. */
        public Map<String, String> shas() {
            Map<String, String> shas = new TreeMap<>();
            files.forEach((path, file) -> shas.put(path, file.gitSha()));
            return shas;
        }

        public long count(Kind kind) {
            return files.values().stream().filter(f -> f.kind() == kind).count();
        }
    }

    private final DocumentStore documents;
    private final DocumentTypes types;
    private final DocumentMarkdown markdown;
    private final HubStepDocuments hubSteps;
    private final GitHubProperties properties;

    public PullRequestFiles(DocumentStore documents, DocumentTypes types, DocumentMarkdown markdown,
            HubStepDocuments hubSteps, GitHubProperties properties) {
        this.documents = documents;
        this.types = types;
        this.markdown = markdown;
        this.hubSteps = hubSteps;
        this.properties = properties;
    }

    public Tree of(UUID projectId) {
        List<Document> latest = documents.latestOfEachType(projectId);
        Map<String, File> files = new TreeMap<>();
        Map<String, String> leftOut = new TreeMap<>();
        for (WorkspaceFiles.File file : projectFiles(projectId, latest).files()) {
            add(files, leftOut, new File(file.path(), file.content(),
                    WorkspaceFiles.isTest(file.path()) ? Kind.TEST : Kind.CODE));
        }
        for (Document document : latest) {
            if (!FILE_DOCUMENTS.contains(document.docType()) && types.exists(document.docType())) {
                String name = document.docType() + (document.subject().isEmpty() ? "" : "-" + document.subject());
                add(files, leftOut, new File(properties.docsDirectory() + "/" + name + ".md",
                        markdown.render(document), Kind.DOCUMENT));
            }
        }
        return new Tree(files, leftOut);
    }

    /**
     * The files of the newest workspace as the sandbox tested it with the newest test plan; in a workflow
     * without a test run, the newest workspace, or without one the newest code of each task and every fix.
     */
    private WorkspaceFiles projectFiles(UUID projectId, List<Document> latest) {
        Optional<Document> workspace = only(latest, "workspace");
        Optional<Document> testPlan = only(latest, "test-plan");
        if (workspace.isPresent() && testPlan.isPresent()) {
            return hubSteps.testedTree(workspace.get(), testPlan.get());
        }
        if (workspace.isPresent()) {
            return WorkspaceFiles.ofWorkspace(workspace.get());
        }
        WorkspaceFiles code = WorkspaceFiles.of(latest.stream().filter(d -> d.docType().equals("code"))
                .sorted(Comparator.comparing(Document::subject)).toList());
        testPlan.ifPresent(code::withTests);
        return code.withFixes(documents.ofType(projectId, "fix").stream()
                .sorted(Comparator.comparingInt(Document::version)).toList());
    }

    private static Optional<Document> only(List<Document> latest, String type) {
        return latest.stream().filter(d -> d.docType().equals(type) && d.subject().isEmpty()).findFirst();
    }

    private static void add(Map<String, File> files, Map<String, String> leftOut, File file) {
        Optional<String> refused = refusal(file.path());
        if (refused.isPresent()) {
            leftOut.put(file.path(), refused.get());
        } else {
            files.put(file.path(), file);
        }
    }

    /** Why a path is not written to the repository, or empty when it may be. */
    static Optional<String> refusal(String path) {
        if (path == null || path.isEmpty() || path.length() > 400) {
            return Optional.of("no usable path");
        }
        if (path.startsWith("/") || path.contains("\\") || path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("not a relative path");
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("not a plain relative path");
            }
        }
        if (GUARDED_DIRECTORIES.contains(segments[0].toLowerCase(Locale.ROOT))) {
            return Optional.of("the hub does not write under " + segments[0] + "/");
        }
        return Optional.empty();
    }
}
