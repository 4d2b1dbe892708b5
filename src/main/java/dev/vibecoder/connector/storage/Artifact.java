package dev.vibecoder.connector.storage;

/**
 * One object to write to the artifact store: its key, its bytes and their media type.
 *
 * @param key         where it goes in the bucket ({@link ArtifactKeys})
 * @param content     the bytes, complete: artifacts are small enough to hold, and a retry sends them again
 * @param contentType what a browser or the MinIO console should take them for
 */
public record Artifact(String key, byte[] content, String contentType) {

    static final String JSON = "application/json";
    static final String MARKDOWN = "text/markdown; charset=utf-8";
    static final String ZIP = "application/zip";
    static final String TEXT = "text/plain; charset=utf-8";

    /** Without the bytes, which would fill a log. */
    @Override
    public String toString() {
        return "Artifact[" + key + ", " + content.length + " bytes, " + contentType + "]";
    }
}
