package dev.vibecoder.project;

import dev.vibecoder.document.Document;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Links to the hub's own REST views, for messages read outside the hub (Slack, GitHub). They always
 * point at the API's document views, never at the artifact store, so that reading a document goes
 * through the hub (and whatever guards its API).
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
     * folder. Paths are URL-safe as they are: document types and task ids (the only subjects, {@code T<n>})
     * consist of letters, digits and hyphens.
     */
    public String artifact(UUID projectId, String path) {
        return project(projectId) + "/artifacts/" + path;
    }

    public String document(UUID projectId, String type, String subject, int version) {
        return base + "/api/projects/" + projectId + "/documents/" + type + "?version=" + version
                + (subject == null || subject.isEmpty() ? "" : "&subject=" + URLEncoder.encode(subject,
                        StandardCharsets.UTF_8)) + "&format=markdown";
    }
}
