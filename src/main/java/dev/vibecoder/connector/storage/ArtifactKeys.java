package dev.vibecoder.connector.storage;

import dev.vibecoder.document.Document;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where each artifact lives in the bucket: one folder per project, laid out for a person browsing
 * it (docs/artifacts.md).
 *
 * <pre>
 * projects/&lt;project id&gt;/
 *   documents/&lt;type&gt;/v&lt;N&gt;.json, v&lt;N&gt;.md             every document version, as stored and as the API renders it
 *   documents/&lt;type&gt;/&lt;subject&gt;/v&lt;N&gt;.json, .md   a document about one part of the project, e.g. the code of task T2
 *   workspaces/v&lt;N&gt;.zip                              the files of workspace version N
 *   test-reports/v&lt;N&gt;.json, v&lt;N&gt;.log                 test report version N, and the output of its run
 * </pre>
 *
 * A key depends only on the version it holds, never on when it was written, so writing an artifact
 * again replaces it instead of adding another.
 */
public final class ArtifactKeys {

    private static final String ROOT = "projects/";
    /** Characters a path segment keeps as they are; anything else is percent-encoded. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]");
    /** A path within a project's folder: relative, no empty, "." or ".." segments. */
    private static final Pattern PATH = Pattern.compile("(?!.*(^|/)\\.{1,2}(/|$))[^/\\\\]+(/[^/\\\\]+)*");

    private ArtifactKeys() {
    }

    /** The folder of a project's artifacts, with its trailing slash. */
    public static String project(UUID projectId) {
        return ROOT + projectId + "/";
    }

    /** A document version as JSON ({@code json}) or Markdown ({@code md}). */
    public static String document(Document document, String extension) {
        String subject = document.subject().isEmpty() ? "" : segment(document.subject()) + "/";
        return project(document.projectId()) + "documents/" + segment(document.docType()) + "/" + subject + "v"
                + document.version() + "." + extension;
    }

    /** The zip of a workspace version's files. */
    public static String workspace(Document workspace) {
        return project(workspace.projectId()) + "workspaces/v" + workspace.version() + ".zip";
    }

    /** A test report version's run: the report ({@code json}) or its output ({@code log}). */
    public static String testReport(Document report, String extension) {
        return project(report.projectId()) + "test-reports/v" + report.version() + "." + extension;
    }

    /** The key of an artifact given by its path within the project's folder (as the API names it). */
    public static String key(UUID projectId, String path) {
        if (!isPath(path)) {
            throw new IllegalArgumentException("'" + path + "' is not a path within a project's artifacts");
        }
        return project(projectId) + path;
    }

    /** The path of one of a project's keys within its folder. */
    public static String path(UUID projectId, String key) {
        String folder = project(projectId);
        if (!key.startsWith(folder)) {
            throw new IllegalArgumentException(key + " is not an artifact of project " + projectId);
        }
        return key.substring(folder.length());
    }

    public static boolean isPath(String path) {
        return path != null && PATH.matcher(path).matches();
    }

    /**
     * A name as one path segment: kept as it is when it is made of letters, digits, '.', '_' and '-'
     * (as type names and task ids are), otherwise percent-encoded, so that a subject a model chose
     * can neither add folders nor climb out of one.
     */
    static String segment(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty name is no path segment");
        }
        if (name.equals(".") || name.equals("..")) {
            return name.replace(".", "%2E");
        }
        StringBuilder segment = new StringBuilder();
        name.codePoints().forEach(c -> {
            String character = Character.toString(c);
            if (PLAIN.matcher(character).matches()) {
                segment.append(character);
            } else {
                for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                    segment.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        });
        return segment.toString();
    }
}
