package dev.vibecoder.connector.storage;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import io.minio.MinioClient;
import java.util.List;
import org.springframework.amqp.core.Declarables;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The artifact store's client and the archiver's queue; both exist only when artifacts are on, so
 * that a hub without a store neither connects to one nor collects events nobody takes.
 */
@Configuration(proxyBeanMethods = false)
public class ArtifactsConfiguration {

    /**
     * The event keys of a document version's life: created writes all its artifacts, the others its
     * decision (its JSON and Markdown). {@code *.created} lets {@code project.created} in too, which
     * stores nothing.
     */
    static final List<String> ARCHIVED_EVENTS = List.of("*.created", "*.awaiting", "*.approved", "*.rejected");

    /**
     * The store's client, shared by camel-minio's producer (the archiver writes through it) and the
     * API's listing and downloads. Path style on every endpoint, AWS's included: a bucket then needs
     * no DNS name, and MinIO and S3Proxy serve it as they are.
     */
    @Bean
    @Conditional(On.class)
    MinioClient artifactsMinioClient(ArtifactsProperties settings) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(settings.endpoint());
        if (ArtifactsProperties.hasText(settings.accessKey()) && ArtifactsProperties.hasText(settings.secretKey())) {
            builder.credentials(settings.accessKey(), settings.secretKey());
        }
        if (ArtifactsProperties.hasText(settings.region())) {
            builder.region(settings.region());
        }
        MinioClient client = builder.build();
        // the client's own default is five minutes, which would hold a route thread that long on a store that hangs
        long timeout = settings.timeout().toMillis();
        client.setTimeout(timeout, timeout, timeout);
        client.disableVirtualStyleEndpoint();
        return client;
    }

    /** The archiver's durable queue: a copy of every event about a document version. */
    @Bean
    @Conditional(On.class)
    Declarables artifactsQueue(BrokerProperties broker) {
        return BrokerTopology.eventQueue(broker.artifactsQueue(), broker, ARCHIVED_EVENTS);
    }

    /** Artifacts are on: enabled, with an endpoint ({@link ArtifactsProperties#on()}). */
    static class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bindOrCreate("vibecoder.artifacts", ArtifactsProperties.class)
                    .on();
        }
    }
}
