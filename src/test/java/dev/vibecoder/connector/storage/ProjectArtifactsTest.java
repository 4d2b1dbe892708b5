package dev.vibecoder.connector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.agent.RoleCatalog;
import dev.vibecoder.agent.WorkOrder;
import dev.vibecoder.broker.BrokerProperties;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.engineering.Runner;
import dev.vibecoder.engineering.WorkspaceFiles;
import dev.vibecoder.project.FlowEvent;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.PublicLinks;
import dev.vibecoder.support.FlowTestSupport;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A finished project's artifacts in the S3 store (S3Proxy here, MinIO in Compose), read back with
 * the MinIO client as a person browsing the bucket would; through the hub's API; again after a
 * redelivered event; and the claim check: what the flow publishes while the project runs.
 */
class ProjectArtifactsTest extends FlowTestSupport {

    @Autowired
    DocumentStore documents;
    @Autowired
    ArtifactsProperties settings;
    @Autowired
    BrokerProperties broker;
    @Autowired
    RoleCatalog roles;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    PublicLinks links;
    @Autowired
    ArtifactArchive archive;

    // one project for the class: made by the first test, kept for the others
    private static UUID projectId;
    private static final List<Message> flowMessages = new ArrayList<>();
    private MinioClient store;

    /**
     * The project all the tests look at, run by the first of them (Camel starts before each test, not
     * before {@code @BeforeAll}); what the flow publishes meanwhile is copied to a queue of the test's.
     */
    @BeforeEach
    void runAProjectOnce() {
        assertThat(settings.on()).as("the tests need the local S3 store: source .services/env (VIBECODER_S3_ENDPOINT)")
                .isTrue();
        store = MinioClient.builder().endpoint(settings.endpoint()).credentials(settings.accessKey(), settings.secretKey())
                .build();
        if (projectId != null) {
            return;
        }
        // a copy of everything on the documents exchange and of every work order
        String published = NAMESPACE + ".test.published";
        Queue copy = new Queue(published, false, false, false, Map.of("x-expires", 900_000));
        amqp.declareQueue(copy);
        amqp.declareBinding(BindingBuilder.bind(copy).to(new TopicExchange(broker.documentsExchange())).with("#"));
        Set<String> workKeys = new HashSet<>(roles.ids());
        Arrays.stream(Runner.values()).map(r -> broker.runnerRoutingKey(r.id())).forEach(workKeys::add);
        for (String key : workKeys) {
            amqp.declareBinding(BindingBuilder.bind(copy).to(new DirectExchange(broker.workExchange())).with(key));
        }

        UUID id = startProject("A command-line todo list manager that stores tasks in a JSON file", null);
        Project project = awaitFinished(id);
        assertThat(project.status()).as(project.statusReason()).isEqualTo(Project.Status.COMPLETED);
        projectId = id;
        awaitArtifacts(expectedKeys());
        for (Message m; (m = rabbit.receive(published, 1000)) != null; ) {
            flowMessages.add(m);
        }
        amqp.deleteQueue(published);
    }

    @Test
    void everyDocumentVersionWorkspaceAndTestReportIsInTheProjectsFolder() throws Exception {
        assertThat(listing().keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys());

        List<Document> history = documents.history(projectId);
        assertThat(history).extracting(Document::docType).contains("workspace", "test-report");
        for (Document document : history) {
            JsonNode stored = JSON.readTree(read(ArtifactKeys.document(document, "json")));
            assertThat(stored.path("id").asText()).isEqualTo(document.id().toString());
            assertThat(stored.path("docType").asText()).isEqualTo(document.docType());
            assertThat(stored.path("version").asInt()).isEqualTo(document.version());
            assertThat(stored.path("content")).as(document.docType()).isEqualTo(document.content());
            // the Markdown is the API's Markdown view of the same version
            String markdown = api().get().uri("/api/projects/{id}/documents/{type}?version={v}&subject={s}&format=markdown",
                    projectId, document.docType(), document.version(), document.subject()).retrieve().body(String.class);
            assertThat(text(ArtifactKeys.document(document, "md"))).isEqualTo(markdown);
        }

        Document workspace = documents.latest(projectId, "workspace").orElseThrow();
        Map<String, String> files = new LinkedHashMap<>();
        WorkspaceFiles.ofWorkspace(workspace).files().forEach(f -> files.put(f.path(), f.content()));
        assertThat(files).isNotEmpty();
        assertThat(WorkspaceZipTest.unzip(read(ArtifactKeys.workspace(workspace)))).containsExactlyEntriesOf(files);

        Document report = documents.latest(projectId, "test-report").orElseThrow();
        ObjectNode withoutOutput = report.content().deepCopy();
        String output = withoutOutput.remove("outputExcerpt").asText();
        assertThat(output).isNotBlank();
        assertThat(JSON.readTree(read(ArtifactKeys.testReport(report, "json")))).isEqualTo(withoutOutput);
        assertThat(text(ArtifactKeys.testReport(report, "log"))).isEqualTo(output);

        assertThat(contentType(ArtifactKeys.document(workspace, "json"))).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(contentType(ArtifactKeys.document(workspace, "md"))).isEqualTo(MediaType.parseMediaType("text/markdown;charset=utf-8"));
        assertThat(contentType(ArtifactKeys.workspace(workspace))).isEqualTo(MediaType.parseMediaType("application/zip"));
        assertThat(contentType(ArtifactKeys.testReport(report, "log"))).isEqualTo(MediaType.parseMediaType("text/plain;charset=utf-8"));
    }

    @Test
    void aRedeliveredEventWritesTheSameObjectsAgainAndNoOthers() throws Exception {
        Document workspace = documents.latest(projectId, "workspace").orElseThrow();
        Map<String, Item> before = listing();
        String zip = ArtifactKeys.workspace(workspace);
        // the store dates objects to the second: make a rewrite show
        Thread.sleep(1100);

        byte[] event = JSON.writeValueAsBytes(FlowEvent.document(projectId, "workspace", "created", workspace.id(),
                workspace.version(), workspace.stepId()));
        rabbit.send("", broker.artifactsQueue(), MessageBuilder.withBody(event)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ZonedDateTime rewritten = listing().get(zip).lastModified();
            return rewritten.isAfter(before.get(zip).lastModified());
        });

        Map<String, Item> after = listing();
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        for (String key : List.of(zip, ArtifactKeys.document(workspace, "json"), ArtifactKeys.document(workspace, "md"))) {
            assertThat(after.get(key).lastModified()).as(key + " written again").isAfter(before.get(key).lastModified());
        }
        after.forEach((key, item) -> assertThat(item.etag()).as(key + " unchanged").isEqualTo(before.get(key).etag()));
    }

    @Test
    void aDecisionRewritesOnlyTheDocumentsViewsAndAProjectEventNothing() {
        for (String type : List.of("workspace", "test-report")) {
            Document document = documents.latest(projectId, type).orElseThrow();
            Set<String> views = Set.of(ArtifactKeys.document(document, "json"), ArtifactKeys.document(document, "md"));
            assertThat(keysWritten(document, "created")).as(type).containsAll(views).hasSizeGreaterThan(views.size());
            for (String decision : List.of("awaiting", "approved", "rejected")) {
                assertThat(keysWritten(document, decision)).as(type + "." + decision)
                        .containsExactlyInAnyOrderElementsOf(views);
            }
        }
        assertThat(archive.artifactsOf(FlowEvent.project(projectId, "created"))).isEmpty();
    }

    @Test
    void theArtifactsAreListedAndDownloadedThroughTheHub() throws Exception {
        JsonNode listed = api().get().uri("/api/projects/{id}/artifacts", projectId).retrieve().body(JsonNode.class);

        Map<String, Item> inStore = listing();
        assertThat(listed).hasSize(inStore.size());
        String hub = links.project(projectId) + "/artifacts/";
        for (JsonNode artifact : listed) {
            String key = artifact.path("key").asText();
            assertThat(inStore).containsKey(key);
            assertThat(artifact.path("size").asLong()).isEqualTo(inStore.get(key).size());
            assertThat(key).isEqualTo(ArtifactKeys.project(projectId) + artifact.path("path").asText());
            assertThat(artifact.path("url").asText()).as("a hub URL, never the bucket's")
                    .isEqualTo(hub + artifact.path("path").asText()).doesNotContain(settings.endpoint());
        }

        Document workspace = documents.latest(projectId, "workspace").orElseThrow();
        String zipPath = ArtifactKeys.path(projectId, ArtifactKeys.workspace(workspace));
        ResponseEntity<byte[]> zip = api().get().uri("/api/projects/{id}/artifacts/" + zipPath, projectId).retrieve()
                .toEntity(byte[].class);
        assertThat(zip.getBody()).isEqualTo(read(ArtifactKeys.workspace(workspace)));
        assertThat(zip.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("application/zip"));
        assertThat(zip.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"v" + workspace.version() + ".zip\"");

        Document prd = documents.latest(projectId, "prd").orElseThrow();
        ResponseEntity<String> markdown = api().get().uri("/api/projects/{id}/artifacts/documents/prd/v{v}.md",
                projectId, prd.version()).retrieve().toEntity(String.class);
        assertThat(markdown.getBody()).isEqualTo(text(ArtifactKeys.document(prd, "md")));
        assertThat(markdown.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("text/markdown;charset=utf-8"));

        assertThat(status("/api/projects/{id}/artifacts/documents/prd/v99.md", projectId).value()).isEqualTo(404);
        assertThat(status("/api/projects/{id}/artifacts", UUID.randomUUID()).value()).isEqualTo(404);

        JsonNode openApi = api().get().uri("/v3/api-docs").retrieve().body(JsonNode.class);
        assertThat(openApi.path("paths").has("/api/projects/{projectId}/artifacts")).isTrue();
        assertThat(openApi.path("paths").path("/api/projects/{projectId}/artifacts/{path}").path("get")
                .path("tags").get(0).asText()).isEqualTo("Artifacts");
    }

    @Test
    void nothingTheFlowPublishesCarriesADocumentBodyOnlyReferences() {
        // events and work orders: the fields of these two records, all of them ids, names and short texts
        Set<String> referenceFields = new HashSet<>();
        for (Class<?> type : List.of(FlowEvent.class, WorkOrder.class)) {
            Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(referenceFields::add);
        }
        List<Message> ours = flowMessages.stream().filter(m -> new String(m.getBody(), StandardCharsets.UTF_8)
                .contains(projectId.toString())).toList();
        assertThat(ours).extracting(m -> m.getMessageProperties().getReceivedExchange())
                .contains(broker.documentsExchange(), broker.workExchange());

        Set<UUID> referenced = new HashSet<>();
        for (Message message : ours) {
            JsonNode body = read(message.getBody());
            Set<String> fields = new HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(referenceFields).as(body.toString()).containsAll(fields);
            assertThat(message.getBody().length).as(body.toString()).isLessThan(2048);
            if (body.hasNonNull("documentId")) {
                referenced.add(UUID.fromString(body.get("documentId").asText()));
            }
            body.path("inputIds").forEach(input -> referenced.add(UUID.fromString(input.asText())));
        }
        // every reference resolves to a stored document: the database is the claim-check store
        Set<UUID> stored = documents.historyHeads(projectId).stream().map(Document::id).collect(Collectors.toSet());
        assertThat(stored).containsAll(referenced);
        assertThat(referenced).isNotEmpty();
        // and the documents they stand for are far bigger than any message
        int largestDocument = documents.history(projectId).stream().mapToInt(d -> d.content().toString().length())
                .max().orElseThrow();
        assertThat(largestDocument).isGreaterThan(2048);
    }

    /** The keys the archiver writes for an event about a document. */
    private List<String> keysWritten(Document document, String event) {
        return archive.artifactsOf(FlowEvent.document(projectId, document.docType(), event, document.id(),
                document.version(), document.stepId())).stream().map(Artifact::key).toList();
    }

    /** The keys the project's documents must have in the store. */
    private Set<String> expectedKeys() {
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
        return keys;
    }

    private void awaitArtifacts(Set<String> keys) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(listing().keySet()).containsAll(keys));
    }

    private Map<String, Item> listing() throws Exception {
        Map<String, Item> items = new LinkedHashMap<>();
        for (Result<Item> result : store.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                .prefix(ArtifactKeys.project(projectId)).recursive(true).build())) {
            items.put(result.get().objectName(), result.get());
        }
        return items;
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = store.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private String text(String key) throws Exception {
        return new String(read(key), StandardCharsets.UTF_8);
    }

    private MediaType contentType(String key) throws Exception {
        return MediaType.parseMediaType(
                store.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build()).contentType());
    }

    private HttpStatusCode status(String uri, Object... variables) {
        return api().get().uri(uri, variables).exchange((request, response) -> response.getStatusCode());
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
