package dev.vibecoder.connector.storage;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The bucket the artifacts are kept in: whether there is one ({@link #on()}, which the artifact
 * routes are conditioned on), the requests the archiver writes with, and reading a project's
 * artifacts back for the REST API, which serves them through the hub.
 */
@Component("artifactStore")
public class ArtifactStore {

    /** An artifact in the store, as a listing shows it. */
    public record StoredArtifact(String key, long size, OffsetDateTime lastModified) {
    }

    /** An artifact being read: close the stream when done. */
    public record Download(long size, String contentType, InputStream content) {
    }

    /** The store did not answer, or not as a store should. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);
    /** What the store answers for an object or a bucket that is not there. */
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchBucket");

    private final MinioClient client;
    private final String bucket;

    public ArtifactStore(ArtifactsProperties settings,
            @Qualifier("artifactsMinioClient") Optional<MinioClient> client) {
        this.client = client.orElse(null);
        this.bucket = settings.bucket();
        if (this.client != null) {
            LOG.info("artifacts: on, every project's documents, workspaces and test reports go to bucket '{}' at {}",
                    bucket, settings.endpoint());
        } else {
            LOG.info("artifacts: off, {}; projects run as usual, nothing is copied to an S3 store", settings.whyOff());
        }
    }

    public boolean on() {
        return client != null;
    }

    /**
     * The putObject request for one artifact, with its media type (camel-minio's content-type
     * header becomes user metadata instead). Made anew for every attempt: its stream can be read once.
     */
    public PutObjectArgs.Builder putRequest(Artifact artifact) {
        return PutObjectArgs.builder()
                .bucket(bucket)
                .object(artifact.key())
                .contentType(artifact.contentType())
                .stream(new ByteArrayInputStream(artifact.content()), artifact.content().length, -1);
    }

    /** A project's artifacts, by key; none when nothing was stored yet. */
    public List<StoredArtifact> list(UUID projectId) {
        List<StoredArtifact> artifacts = new ArrayList<>();
        Iterable<Result<Item>> items = client().listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix(ArtifactKeys.project(projectId)).recursive(true).build());
        try {
            for (Result<Item> result : items) {
                Item item = result.get();
                artifacts.add(new StoredArtifact(item.objectName(), item.size(),
                        item.lastModified() == null ? null : item.lastModified().toOffsetDateTime()));
            }
        } catch (ErrorResponseException e) {
            if (ABSENT.contains(e.errorResponse().code())) {
                return List.of();
            }
            throw unavailable("list the artifacts of project " + projectId, e);
        } catch (Exception e) {
            throw unavailable("list the artifacts of project " + projectId, e);
        }
        return artifacts;
    }

    /** One artifact of a project, by its path in the project's folder; empty when there is none. */
    public Optional<Download> open(UUID projectId, String path) {
        String key = ArtifactKeys.key(projectId, path);
        try {
            GetObjectResponse response = client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
            String length = response.headers().get("Content-Length");
            return Optional.of(new Download(length == null ? -1 : Long.parseLong(length),
                    response.headers().get("Content-Type"), response));
        } catch (ErrorResponseException e) {
            if (ABSENT.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw unavailable("read " + key, e);
        } catch (Exception e) {
            throw unavailable("read " + key, e);
        }
    }

    private MinioClient client() {
        if (client == null) {
            throw new IllegalStateException("artifacts are off: there is no artifact store");
        }
        return client;
    }

    private Unavailable unavailable(String what, Exception e) {
        LOG.warn("artifacts: could not {} in bucket '{}': {}", what, bucket, ArtifactArchive.reason(e));
        return new Unavailable("the artifact store could not " + what, e);
    }
}
