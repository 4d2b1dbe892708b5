package dev.vibecoder.connector.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the hub keeps a copy of every project's artifacts: an S3-compatible store (MinIO, or any
 * S3 endpoint, addressed path style).
 *
 * @param enabled   whether artifacts are kept at all; even when true they are off without an endpoint
 * @param endpoint  the store's URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey the access key (MinIO user); not logged either
 * @param secretKey the secret key; never logged
 * @param bucket    the bucket every project's artifacts go to, created when missing
 * @param region    the store's region; empty lets the client ask the store (MinIO's default is us-east-1)
 * @param timeout   how long one request to the store may take to connect, send or answer
 */
@ConfigurationProperties("vibecoder.artifacts")
public record ArtifactsProperties(
        @DefaultValue("true") boolean enabled,
        String endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("vibecoder") String bucket,
        String region,
        @DefaultValue("30s") Duration timeout) {

    /** Artifacts are kept when they are enabled and there is a store to keep them in. */
    public boolean on() {
        return enabled && hasText(endpoint);
    }

    /** Why artifacts are off, for the start-up log; null when they are on. */
    String whyOff() {
        if (!enabled) {
            return "vibecoder.artifacts.enabled is false";
        }
        return hasText(endpoint) ? null : "no S3 endpoint is set (vibecoder.artifacts.endpoint, VIBECODER_S3_ENDPOINT)";
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Without the keys: these settings end up in logs and diagnostics. The access key too: an S3
     * access key is only an identifier, but a MinIO one is often a user's name, and half of a
     * credential pair is not for logs either.
     */
    @Override
    public String toString() {
        return "ArtifactsProperties[enabled=" + enabled + ", endpoint=" + endpoint + ", accessKey="
                + (hasText(accessKey) ? "(set)" : "(none)") + ", secretKey=" + (hasText(secretKey) ? "******" : "(none)")
                + ", bucket=" + bucket + ", region=" + region + ", timeout=" + timeout + "]";
    }
}
