package dev.vibecoder.connector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.BrokerTopology;
import dev.vibecoder.support.HubProcess;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A hub that starts while artifact events wait on its archiver's queue stores every one of them: the
 * archiver takes no message before what it writes with is ready (issue: artifacts stopped being archived
 * after a restart, each event failing with a null S3 client until it was dead-lettered). The events are
 * made by a real hub run with artifacts off, whose events wait in the queue; a second hub, with
 * artifacts on and a bucket of its own, is started with them waiting.
 */
class ArtifactsAfterRestartTest {

    private static final long QUEUE_EXPIRES_MS = 900_000;

    private final String namespace = "a" + UUID.randomUUID().toString().substring(0, 8);
    private final String bucket = "restart-" + namespace;
    private final BrokerProperties broker = new BrokerProperties(namespace, QUEUE_EXPIRES_MS, 2, 2);
    private final JdbcTemplate jdbc = HubProcess.testDatabase();
    private final CachingConnectionFactory rabbit = new CachingConnectionFactory(
            env("VIBECODER_RABBITMQ_HOST", "localhost"), Integer.parseInt(env("VIBECODER_RABBITMQ_PORT", "5672")));
    private final List<HubProcess> hubs = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (HubProcess hub : hubs) {
            hub.close();
        }
        rabbit.destroy();
    }

    @Test
    void aHubStartedWithArtifactEventsWaitingStoresEveryArtifact() throws Exception {
        RabbitAdmin admin = new RabbitAdmin(rabbit);
        // the archiver's queue as the hub declares it, there before any hub archives
        admin.declareExchange(new TopicExchange(broker.documentsExchange(), true, false));
        for (Declarable declarable : BrokerTopology.eventQueue(broker.artifactsQueue(), broker,
                ArtifactsConfiguration.ARCHIVED_EVENTS).getDeclarables()) {
            if (declarable instanceof Queue queue) {
                admin.declareQueue(queue);
            } else if (declarable instanceof Binding binding) {
                admin.declareBinding(binding);
            }
        }

        HubProcess off = hub("artifacts-off").env("VIBECODER_ARTIFACTS_ENABLED", "false").start();
        List<UUID> ids = new ArrayList<>();
        for (String idea : List.of("A unit converter for the terminal", "A dice roller", "A word counter")) {
            ids.add(off.startProject(idea, "quick-prototype"));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> completed(ids) == 3);
        off.stop();
        int waiting = admin.getQueueInfo(broker.artifactsQueue()).getMessageCount();
        assertThat(waiting).as("events waiting for the archiver").isGreaterThanOrEqualTo(ids.size() * 4);

        HubProcess on = hub("artifacts-on").env("VIBECODER_S3_BUCKET", bucket).start();
        Set<String> expected = expectedKeys(ids);
        MinioClient store = MinioClient.builder().endpoint(env("VIBECODER_S3_ENDPOINT", "http://127.0.0.1:9000"))
                .credentials(env("VIBECODER_S3_ACCESS_KEY", ""), env("VIBECODER_S3_SECRET_KEY", "")).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> stored(store).containsAll(expected));

        assertThat(stored(store)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(admin.getQueueInfo(broker.artifactsQueue()).getMessageCount()).isZero();
        assertThat(admin.getQueueInfo(broker.deadLetterQueue()).getMessageCount()).as("dead letters").isZero();
        // not one attempt failed on the way: no event met an archiver that was not ready
        assertThat(on.logText()).doesNotContain("NullPointerException").doesNotContain("not stored");
        assertThat(jdbc.queryForObject("select count(*) from project_events where project_id = any(?) and kind = "
                + "'artifacts.failed'", Integer.class, (Object) ids.toArray(UUID[]::new))).isZero();
    }

    private HubProcess hub(String name) {
        HubProcess hub = HubProcess.named(name, namespace)
                .env("VIBECODER_BROKER_QUEUEEXPIRESMS", String.valueOf(QUEUE_EXPIRES_MS));
        hubs.add(hub);
        return hub;
    }

    private int completed(List<UUID> ids) {
        return jdbc.queryForObject("select count(*) from projects where id = any(?) and status = 'COMPLETED'",
                Integer.class, (Object) ids.toArray(UUID[]::new));
    }

    /** Every document version of the projects, as JSON and as Markdown (their subjects are task ids). */
    private Set<String> expectedKeys(List<UUID> ids) {
        Set<String> keys = new HashSet<>();
        jdbc.query("select project_id, doc_type, subject, version from documents where project_id = any(?)", row -> {
            String subject = row.getString("subject").isEmpty() ? "" : row.getString("subject") + "/";
            String stem = "projects/" + row.getString("project_id") + "/documents/" + row.getString("doc_type") + "/"
                    + subject + "v" + row.getInt("version");
            keys.add(stem + ".json");
            keys.add(stem + ".md");
        }, (Object) ids.toArray(UUID[]::new));
        return keys;
    }

    private Set<String> stored(MinioClient store) throws Exception {
        Set<String> keys = new HashSet<>();
        if (!store.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build())) {
            return keys;
        }
        for (Result<Item> item : store.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static String env(String name, String otherwise) {
        return System.getenv().getOrDefault(name, otherwise);
    }
}
