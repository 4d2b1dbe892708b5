package dev.vibecoder.project;

import dev.vibecoder.document.Document;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Links to the hub's own REST views, for messages read outside the hub (Slack, GitHub) and the
 * artifact listing. They always point at the API's views, never at the artifact store, so that
 * reading a document or an artifact goes through the hub (and whatever guards its API).
 */
@Component
public class PublicLinks {

    private final String base;

    public PublicLinks(@Value("${vibecoder.public-url}") String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The hub's address as users reach it. */
    public String base() {
        return base;
    }

    public String project(UUID projectId) {
        return base + "/api/projects/" + projectId;
    }

    /** The Markdown view of one document version. */
    public String document(Document document) {
        return document(document.projectId(), document.docType(), document.subject(), document.version());
    }

    /**
     * Where to download one of a project's artifacts through the hub, by its path in the project's
     * folder. Each segment is encoded as a path segment, '%' included: a key's percent-encoded
     * subject ({@code documents/code/T%202/v1.md}) must reach the hub as it is in the key, not decoded.
     */
    public String artifact(UUID projectId, String path) {
        return project(projectId) + "/artifacts/" + Arrays.stream(path.split("/", -1))
                .map(segment -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }

    public String document(UUID projectId, String type, String subject, int version) {
        return base + "/api/projects/" + projectId + "/documents/" + type + "?version=" + version
                + (subject == null || subject.isEmpty() ? "" : "&subject=" + URLEncoder.encode(subject,
                        StandardCharsets.UTF_8)) + "&format=markdown";
    }
}
