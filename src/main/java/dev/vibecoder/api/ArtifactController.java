package dev.vibecoder.api;

import dev.vibecoder.connector.storage.ArtifactKeys;
import dev.vibecoder.connector.storage.ArtifactStore;
import dev.vibecoder.project.ProjectStore;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.support.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's artifacts in the S3 store, listed and downloaded through the hub: a workspace zip is
 * passed around as its key and its hub URL (a claim check), never as a bucket URL, so reading it
 * goes through whatever guards this API.
 */
@RestController
@RequestMapping("/api/projects/{projectId}/artifacts")
@Tag(name = "Artifacts")
public class ArtifactController {

    @Schema(description = "An artifact of a project in the S3 store")
    public record ArtifactView(
            @Schema(description = "Its path in the project's folder", example = "workspaces/v1.zip") String path,
            @Schema(description = "Its key in the bucket", example = "projects/0b6c.../workspaces/v1.zip") String key,
            @Schema(description = "Its size in bytes") long size,
            OffsetDateTime lastModified,
            @Schema(description = "Where to download it through the hub") String url) {
    }

    private final ArtifactStore store;
    private final ProjectStore projects;
    private final PublicLinks links;

    public ArtifactController(ArtifactStore store, ProjectStore projects, PublicLinks links) {
        this.store = store;
        this.projects = projects;
        this.links = links;
    }

    @GetMapping
    @Operation(summary = "The project's artifacts in the S3 store: documents as JSON and Markdown, workspace zips, "
            + "test reports and their logs, each with its key, size and a hub URL to download it",
            description = "Artifacts are written shortly after each document version, off the project's own path. "
                    + "404 when this hub keeps no artifacts (no S3 endpoint configured), 503 when the store does "
                    + "not answer.")
    public List<ArtifactView> list(@PathVariable UUID projectId) {
        requireArtifacts(projectId);
        return store.list(projectId).stream().map(artifact -> {
            String path = ArtifactKeys.path(projectId, artifact.key());
            return new ArtifactView(path, artifact.key(), artifact.size(), artifact.lastModified(),
                    links.artifact(projectId, path));
        }).toList();
    }

    @GetMapping("/{*path}")
    @Operation(summary = "Download one artifact through the hub, by its path in the listing",
            description = "e.g. workspaces/v1.zip, documents/prd/v1.md, test-reports/v1.log")
    public ResponseEntity<InputStreamResource> download(@PathVariable UUID projectId,
            @Parameter(description = "the artifact's path in the project's folder", example = "workspaces/v1.zip")
            @PathVariable String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (!ArtifactKeys.isPath(relative)) {
            throw new InvalidInput("path", "must be an artifact's path within the project's folder, "
                    + "such as workspaces/v1.zip");
        }
        requireArtifacts(projectId);
        ArtifactStore.Download download = store.open(projectId, relative).orElseThrow(
                () -> new NotFoundException("project " + projectId + " has no artifact '" + relative + "'"));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(download.contentType() == null
                ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(download.contentType()));
        if (download.size() >= 0) {
            response.contentLength(download.size());
        }
        if (relative.endsWith(".zip")) {
            response.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(relative.substring(relative.lastIndexOf('/') + 1)).build().toString());
        }
        return response.body(new InputStreamResource(download.content()));
    }

    private void requireArtifacts(UUID projectId) {
        if (projects.get(projectId).isEmpty()) {
            throw new NotFoundException("no project " + projectId);
        }
        if (!store.on()) {
            throw new NotFoundException("this hub keeps no artifacts: no S3 store is configured (VIBECODER_S3_ENDPOINT)");
        }
    }
}
