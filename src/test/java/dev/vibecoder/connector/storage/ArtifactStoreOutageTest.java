package dev.vibecoder.connector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.broker.DeadLetters;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.support.FlowTestSupport;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The S3 store going away and coming back, played on the real artifact routes (routes/artifacts.yaml)
 * in a second, small Camel context beside the hub: the hub's own archive bean, broker connection and
 * database, a broker namespace of its own, and a store client that reaches the S3 store through a
 * relay the test takes down and brings back. (The hub's own context shares its store with every
 * other flow test, so its outage is played here instead.)
 */
class ArtifactStoreOutageTest extends FlowTestSupport {

    private static final int MAX_REDELIVERIES = 2;

    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    ArtifactArchive archive;
    @Autowired
    ArtifactsProperties settings;
    @Autowired
    DocumentStore documents;
    @Autowired
    ObjectMapper json;
    @Autowired
    DeadLetters hubDeadLetters;
    @Autowired
    BrokerProperties hubBroker;
    @Autowired
    CamelContext hub;

    @Test
    void anOutageIsRetriedThenDeadLetteredWithItsReasonAndTheReplayStoresWhatWasMissing() throws Exception {
        UUID id = startProject("A command-line unit converter", "quick-prototype");
        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);
        Document tasks = documents.latest(id, "task-breakdown").orElseThrow();
        Document prd = documents.latest(id, "prd").orElseThrow();

        BrokerProperties broker = new BrokerProperties(NAMESPACE + "-s3-outage", 900_000, 1, 1);
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        List<Declarable> topology = topology(broker);
        String bucket = settings.bucket() + "-outage";
        MinioClient direct = MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey()).build();
        DeadLetters deadLetters = new DeadLetters(rabbit, broker, json);
        AtomicInteger redeliveries = new AtomicInteger();
        try (S3Relay relay = new S3Relay(settings.endpoint()); DefaultCamelContext camel = new DefaultCamelContext()) {
            topology.forEach(d -> declare(admin, d));
            ArtifactsProperties viaRelay = new ArtifactsProperties(true, relay.endpoint(), settings.accessKey(),
                    settings.secretKey(), bucket, settings.region(), Duration.ofSeconds(5));
            MinioClient client = new ArtifactsConfiguration().artifactsMinioClient(viaRelay);
            smallContext(camel, broker, viaRelay, client, redeliveries);

            // the store is away as the routes start: they start all the same
            camel.start();
            assertThat(camel.getRouteController().getRouteStatus("artifact-archiver").isStarted()).isTrue();

            // it comes: a version is stored (and the bucket made)
            relay.up();
            publish(broker, tasks);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(keys(direct, bucket, id))
                    .containsExactlyInAnyOrder(ArtifactKeys.document(tasks, "json"), ArtifactKeys.document(tasks, "md")));
            assertThat(redeliveries).hasValue(0);

            // it goes away again: the next version is retried, then dead-lettered with the reason
            relay.down();
            publish(broker, prd);
            await().atMost(Duration.ofSeconds(20)).until(() -> !deadLetters.list(10).isEmpty());
            DeadLetters.DeadLetter letter = deadLetters.list(10).getFirst();
            assertThat(letter.queue()).isEqualTo(broker.artifactsQueue());
            assertThat(letter.routingKey()).isEqualTo("prd.created");
            assertThat(letter.projectId()).isEqualTo(id);
            assertThat(redeliveries).hasValue(MAX_REDELIVERIES);
            String prdJson = ArtifactKeys.document(prd, "json");
            assertThat(projects.events(id, 0)).filteredOn(e -> e.kind().equals("artifacts.failed"))
                    .extracting(ProjectEvent::message).singleElement().satisfies(reason -> assertThat(reason)
                            .contains(prdJson, "ConnectException", relay.endpoint().substring("http://".length()),
                                    "dead letters"));
            assertThat(keys(direct, bucket, id)).doesNotContain(prdJson);

            // it is back: the replayed event stores what was missing, and nothing is left over
            relay.up();
            assertThat(deadLetters.replay(l -> id.equals(l.projectId()), l -> { })).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(keys(direct, bucket, id))
                    .contains(prdJson, ArtifactKeys.document(prd, "md")));
            try (InputStream stored = direct.getObject(GetObjectArgs.builder().bucket(bucket).object(prdJson).build())) {
                assertThat(json.readTree(stored).path("content")).isEqualTo(prd.content());
            }
            assertThat(deadLetters.list(10)).isEmpty();
            assertThat(redeliveries).hasValue(MAX_REDELIVERIES);
            // the replay went to the archiver's queue alone, not to every queue bound to prd.created
            assertThat(admin.getQueueInfo(bystander(broker)).getMessageCount()).isEqualTo(2);
        } finally {
            for (String key : keys(direct, bucket, id)) {
                direct.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            }
            topology.forEach(d -> delete(admin, d));
        }
    }

    @Test
    void anEventThatCanNeverBeStoredIsDeadLetteredAtOnceAndItsReplayLeavesItsProjectAlone() throws Exception {
        UUID id = UUID.randomUUID();
        projects.create(id, "A dice roller", "quick-prototype", null, "test");
        projects.moveTo(id, Project.Status.FAILED, "failed for the test");
        UUID missing = UUID.randomUUID();
        ManagedRouteMBean archiver = hub.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("artifact-archiver");
        long redeliveriesBefore = archiver.getRedeliveries();
        try {
            byte[] event = json.writeValueAsBytes(FlowEvent.document(id, "prd", "created", missing, 1, "requirements"));
            rabbit.send("", hubBroker.artifactsQueue(), MessageBuilder.withBody(event)
                    .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());

            await().atMost(Duration.ofSeconds(10)).until(() -> failures(id).size() == 1);
            assertThat(failures(id).getFirst()).contains("prd v1 not stored", "no document " + missing);
            await().atMost(Duration.ofSeconds(10)).until(() -> letters(id).size() == 1);
            assertThat(letters(id).getFirst().queue()).isEqualTo(hubBroker.artifactsQueue());
            assertThat(archiver.getRedeliveries()).as("not retried").isEqualTo(redeliveriesBefore);

            JsonNode replay = api().post().uri("/api/dead-letters/replay?projectId={id}", id).retrieve()
                    .body(JsonNode.class);
            assertThat(replay.path("replayed").asInt()).isEqualTo(1);
            // replayed to the archiver, which fails on it again; the failed project was not reopened
            await().atMost(Duration.ofSeconds(10)).until(() -> failures(id).size() == 2);
            assertThat(projects.get(id).orElseThrow().status()).isEqualTo(Project.Status.FAILED);
        } finally {
            removeLetters(id);
        }
    }

    private List<String> failures(UUID projectId) {
        return projects.events(projectId, 0).stream().filter(e -> e.kind().equals("artifacts.failed"))
                .map(ProjectEvent::message).toList();
    }

    private List<DeadLetters.DeadLetter> letters(UUID projectId) {
        return hubDeadLetters.list(1000).stream().filter(l -> projectId.equals(l.projectId())).toList();
    }

    /** Takes this project's letters out of the hub's dead-letter queue, and leaves the others'. */
    private void removeLetters(UUID projectId) throws InterruptedException {
        // the replayed event is on its way back to the dead letters
        for (int i = 0; i < 50 && letters(projectId).isEmpty(); i++) {
            Thread.sleep(100);
        }
        List<Message> others = new ArrayList<>();
        for (Message m; (m = rabbit.receive(hubBroker.deadLetterQueue(), 500)) != null; ) {
            if (!new String(m.getBody(), StandardCharsets.UTF_8).contains(projectId.toString())) {
                others.add(m);
            }
        }
        others.forEach(m -> rabbit.send(hubBroker.deadLetterQueue(), m));
    }

    /**
     * A Camel context with nothing but the artifact routes, on the hub's beans and broker connection
     * but this test's namespace and store client, counting the redeliveries its error handler makes.
     */
    private void smallContext(DefaultCamelContext camel, BrokerProperties broker, ArtifactsProperties viaRelay,
            MinioClient client, AtomicInteger redeliveries) throws Exception {
        Properties properties = new Properties();
        properties.put("vibecoder.broker.namespace", broker.namespace());
        properties.put("vibecoder.errors.max-redeliveries", String.valueOf(MAX_REDELIVERIES));
        properties.put("vibecoder.errors.redelivery-delay-ms", "100");
        properties.put("vibecoder.artifacts.bucket", viaRelay.bucket());
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.getRegistry().bind("artifactArchive", archive);
        camel.getRegistry().bind("artifactStore", new ArtifactStore(viaRelay, Optional.of(client)));
        camel.getRegistry().bind("artifactsMinioClient", client);
        SpringRabbitMQComponent rabbitmq = new SpringRabbitMQComponent();
        rabbitmq.setConnectionFactory(connectionFactory);
        camel.addComponent("spring-rabbitmq", rabbitmq);
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeRedeliveryEvent) {
                    redeliveries.incrementAndGet();
                }
            }
        });
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/artifacts.yaml"));
    }

    /**
     * The namespace's documents exchange, dead-letter exchange and queue, the archiver's queue, and a
     * bystander queue bound to the same events as the archiver's (as the router's and the memory
     * recorder's are in the hub).
     */
    private static List<Declarable> topology(BrokerProperties broker) {
        TopicExchange documents = new TopicExchange(broker.documentsExchange(), true, false);
        FanoutExchange dlx = new FanoutExchange(broker.deadLetterExchange(), true, false);
        Map<String, Object> expiry = Map.of("x-expires", broker.queueExpiresMs());
        Queue deadLetters = new Queue(broker.deadLetterQueue(), true, false, false, expiry);
        Queue bystander = new Queue(bystander(broker), true, false, false, expiry);
        List<Declarable> topology = new ArrayList<>(List.of(documents, dlx, deadLetters,
                BindingBuilder.bind(deadLetters).to(dlx), bystander, BindingBuilder.bind(bystander).to(documents)
                        .with("*.created")));
        topology.addAll(new ArtifactsConfiguration().artifactsQueue(broker).getDeclarables());
        return topology;
    }

    private static String bystander(BrokerProperties broker) {
        return broker.namespace() + ".bystander";
    }

    private void publish(BrokerProperties broker, Document document) throws Exception {
        byte[] event = json.writeValueAsBytes(FlowEvent.document(document.projectId(), document.docType(), "created",
                document.id(), document.version(), document.stepId()));
        rabbit.send(broker.documentsExchange(), document.docType() + ".created", MessageBuilder.withBody(event)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
    }

    /** The project's keys in the bucket; none while the bucket does not exist. */
    private static Set<String> keys(MinioClient store, String bucket, UUID projectId) throws Exception {
        Set<String> keys = new HashSet<>();
        try {
            for (Result<Item> item : store.listObjects(ListObjectsArgs.builder().bucket(bucket)
                    .prefix(ArtifactKeys.project(projectId)).recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (ErrorResponseException e) {
            if (!e.errorResponse().code().equals("NoSuchBucket")) {
                throw e;
            }
        }
        return keys;
    }

    private static void declare(RabbitAdmin admin, Declarable declarable) {
        switch (declarable) {
            case Exchange exchange -> admin.declareExchange(exchange);
            case Queue queue -> admin.declareQueue(queue);
            case Binding binding -> admin.declareBinding(binding);
            default -> throw new IllegalArgumentException("cannot declare " + declarable);
        }
    }

    private static void delete(RabbitAdmin admin, Declarable declarable) {
        switch (declarable) {
            case Exchange exchange -> admin.deleteExchange(exchange.getName());
            case Queue queue -> admin.deleteQueue(queue.getName());
            default -> { } // bindings go with their queue
        }
    }
}
