package dev.vibecoder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.connector.storage.ArtifactKeys;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.workflow.WorkflowCatalog;
import dev.vibecoder.workflow.WorkflowDefinition;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@link SecretCanaryTest} searches, read from the hub: its database (every column of every
 * table), its bucket, the prompts of every model call (a listener beside the hub's own), the
 * messages on its exchanges (a queue bound to all of them) and its settings objects.
 */
class CanaryProbes {

    /** The probes and the prompt recorder, in the hub's context. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        Prompts canaryPrompts() {
            return new Prompts();
        }

        @Bean
        CanaryProbes canaryProbes(JdbcTemplate jdbc, ApplicationContext context, ConnectionFactory connections,
                RabbitTemplate rabbit, BrokerProperties broker, RoleCatalog roles, WorkflowCatalog workflows,
                @Qualifier("artifactsMinioClient") MinioClient store, DocumentStore documents, Prompts prompts) {
            return new CanaryProbes(jdbc, context, connections, rabbit, broker, roles, workflows, store, documents,
                    prompts);
        }
    }

    /** Every chat request the hub makes, whichever provider answers it: the role's prompt and its settings. */
    static class Prompts implements ChatModelListener {
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(ChatModelRequestContext context) {
            requests.add(String.valueOf(context.chatRequest()));
        }
    }

    private final JdbcTemplate jdbc;
    private final ApplicationContext context;
    private final ConnectionFactory connections;
    private final RabbitTemplate rabbit;
    private final BrokerProperties broker;
    private final RoleCatalog roles;
    private final WorkflowCatalog workflows;
    private final MinioClient store;
    private final DocumentStore documents;
    private final Prompts prompts;

    CanaryProbes(JdbcTemplate jdbc, ApplicationContext context, ConnectionFactory connections, RabbitTemplate rabbit,
            BrokerProperties broker, RoleCatalog roles, WorkflowCatalog workflows, MinioClient store,
            DocumentStore documents, Prompts prompts) {
        this.jdbc = jdbc;
        this.context = context;
        this.connections = connections;
        this.rabbit = rabbit;
        this.broker = broker;
        this.roles = roles;
        this.workflows = workflows;
        this.store = store;
        this.documents = documents;
        this.prompts = prompts;
    }

    // --- the broker

    /**
     * A queue that gets a copy of every message on the hub's exchanges: all events, the work orders of
     * every role and hub step, and the dead letters. It expires ten minutes after its last use.
     */
    String tapTheBroker() {
        AmqpAdmin admin = new RabbitAdmin(connections);
        Queue tap = new Queue(broker.namespace() + ".canary-tap-" + UUID.randomUUID(), false, false, false,
                Map.of("x-expires", 600_000));
        admin.declareQueue(tap);
        admin.declareBinding(new Binding(tap.getName(), Binding.DestinationType.QUEUE, broker.documentsExchange(), "#",
                null));
        admin.declareBinding(new Binding(tap.getName(), Binding.DestinationType.QUEUE, broker.deadLetterExchange(), "",
                null));
        Set<String> workKeys = new LinkedHashSet<>(roles.ids());
        for (String id : workflows.ids()) {
            for (WorkflowDefinition.Step step : workflows.get(id).steps()) {
                if (step.runner() != null) {
                    workKeys.add(broker.runnerRoutingKey(step.runner()));
                }
            }
        }
        workKeys.forEach(key -> admin.declareBinding(new Binding(tap.getName(), Binding.DestinationType.QUEUE,
                broker.workExchange(), key, null)));
        return tap.getName();
    }

    /** The messages the tap holds, each as its headers and its body. */
    List<String> drain(String queue) {
        List<String> messages = new ArrayList<>();
        for (Message message; (message = rabbit.receive(queue)) != null; ) {
            messages.add(message.getMessageProperties() + "\n" + new String(message.getBody(), StandardCharsets.UTF_8));
        }
        return messages;
    }

    // --- the database

    /**
     * Canaries in the rows of every table of the public schema: each row as PostgreSQL prints it
     * (every column, whatever its type, as text), and each bytea column's bytes as they are. Nothing
     * is left out.
     */
    List<String> rows(Canaries canaries) {
        List<String> findings = new ArrayList<>();
        for (Canaries.Canary canary : canaries.all()) {
            for (String place : rowsWith(canary.value())) {
                findings.add(canary.name() + " in table " + place);
            }
        }
        return findings;
    }

    /** The tables (with the bytea column, for bytes) whose rows hold this text. */
    Set<String> rowsWith(String needle) {
        Set<String> found = new LinkedHashSet<>();
        for (String table : jdbc.queryForList("""
                select table_name from information_schema.tables
                 where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name
                """, String.class)) {
            String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
            if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from public." + quoted
                    + " t where strpos(t::text, ?) > 0)", Boolean.class, needle))) {
                found.add(table);
            }
            for (String column : jdbc.queryForList("""
                    select column_name from information_schema.columns
                     where table_schema = 'public' and table_name = ? and data_type = 'bytea'
                    """, String.class, table)) {
                if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from public." + quoted
                        + " where position(convert_to(?, 'UTF8') in \"" + column.replace("\"", "\"\"") + "\") > 0)",
                        Boolean.class, needle))) {
                    found.add(table + "." + column + " (bytes)");
                }
            }
        }
        return found;
    }

    // --- the bucket

    /** Waits until the bucket holds every artifact of the project's documents; their keys. */
    List<String> awaitArtifacts(UUID projectId) {
        Set<String> keys = new HashSet<>();
        for (Document document : documents.historyHeads(projectId)) {
            keys.add(ArtifactKeys.document(document, "json"));
            keys.add(ArtifactKeys.document(document, "md"));
            if (document.docType().equals("workspace")) {
                keys.add(ArtifactKeys.workspace(document));
            }
            if (document.docType().equals("test-report")) {
                keys.add(ArtifactKeys.testReport(document, "json"));
                keys.add(ArtifactKeys.testReport(document, "log"));
            }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(listing(ArtifactKeys.project(projectId), Instant.EPOCH)).containsAll(keys));
        return keys.stream().sorted().toList();
    }

    /** Every object in the bucket written since then, by key. */
    Map<String, byte[]> objects(String bucket, Instant since) throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (String key : listing("", since)) {
            try (InputStream in = store.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                objects.put(key, in.readAllBytes());
            }
        }
        return objects;
    }

    private List<String> listing(String prefix, Instant since) throws Exception {
        String bucket = context.getEnvironment().getRequiredProperty("vibecoder.artifacts.bucket");
        List<String> keys = new ArrayList<>();
        for (Result<Item> result : store.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            Item item = result.get();
            if (item.lastModified() == null || !item.lastModified().toInstant().isBefore(since)) {
                keys.add(item.objectName());
            }
        }
        return keys;
    }

    // --- prompts and settings

    List<String> prompts() {
        return List.copyOf(prompts.requests);
    }

    /** Canaries in the printed form of every settings object ({@code @ConfigurationProperties}) of the hub. */
    List<String> settings(Canaries canaries) {
        Map<String, Object> beans = context.getBeansWithAnnotation(ConfigurationProperties.class);
        Set<String> types = beans.values().stream().map(b -> b.getClass().getSimpleName()).collect(Collectors.toSet());
        assertThat(types).as("settings objects").contains("LlmProperties", "GitHubProperties", "SlackSettings",
                "ArtifactsProperties");
        List<String> findings = new ArrayList<>();
        beans.forEach((name, bean) -> findings.addAll(canaries.in("toString() of settings " + name, String.valueOf(bean))));
        return findings;
    }
}
