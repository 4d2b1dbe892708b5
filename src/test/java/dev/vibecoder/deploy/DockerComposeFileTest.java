package dev.vibecoder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked against the Compose
 * Specification's JSON Schema and against what the hub needs.
 */
class DockerComposeFileTest {

    private static final Path SCHEMA = Path.of(".services/compose-spec/compose-spec.json");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws Exception {
        assertThat(schema().validate(compose())).isEmpty();
    }

    @Test
    void aBrokenComposeFileIsRejected() throws Exception {
        ObjectNode broken = (ObjectNode) compose();
        broken.put("servces", "typo");
        ((ObjectNode) broken.path("services").path("hub")).put("ports", "not-a-list");
        Set<ValidationMessage> errors = schema().validate(broken);
        assertThat(errors).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("servces"))
                .anySatisfy(m -> assertThat(m).contains("ports"));
    }

    @Test
    void theHubStartsAfterItsServicesAreHealthy() throws Exception {
        JsonNode services = compose().path("services");
        assertThat(fieldNames(services)).containsExactlyInAnyOrder("rabbitmq", "postgres", "minio", "hub");
        for (String service : List.of("rabbitmq", "postgres", "minio")) {
            assertThat(services.path("hub").path("depends_on").path(service).path("condition").asText())
                    .as("hub waits for " + service).isEqualTo("service_healthy");
            assertThat(services.path(service).path("healthcheck").path("test").isMissingNode())
                    .as(service + " has a healthcheck").isFalse();
        }
        assertThat(services.path("postgres").path("image").asText()).startsWith("pgvector/pgvector:");
        // trial credentials: nothing listens beyond this machine unless the user says so
        for (JsonNode service : services) {
            service.path("ports").forEach(port -> assertThat(port.asText()).as("port binding")
                    .matches("(127\\.0\\.0\\.1|\\$\\{VIBECODER_BIND_ADDRESS:-127\\.0\\.0\\.1\\}):\\d+:\\d+"));
        }
        assertThat(services.path("rabbitmq").path("image").asText()).contains("management");
        assertThat(Files.readString(Path.of("docker/postgres/init/01-vector.sql")))
                .contains("CREATE EXTENSION IF NOT EXISTS vector");
    }

    @Test
    void theHubGetsOnlySettingsItReadsAndNoSecretIsWrittenDown() throws Exception {
        String settings = Files.readString(Path.of("config/application.yaml"));
        Set<String> read = new HashSet<>();
        Matcher m = VARIABLE.matcher(settings);
        while (m.find()) {
            read.add(m.group(1));
        }
        JsonNode environment = compose().path("services").path("hub").path("environment");
        assertThat(fieldNames(environment)).isNotEmpty().allSatisfy(name ->
                assertThat(read).as(name + " is read by config/application.yaml").contains(name));
        environment.fields().forEachRemaining(e -> {
            if (e.getKey().matches(".*(KEY|SECRET|PASSWORD).*")) {
                assertThat(e.getValue().asText()).as(e.getKey() + " comes from the environment").startsWith("${");
            }
        });
        for (JsonNode service : compose().path("services")) {
            service.path("environment").fields().forEachRemaining(e -> {
                if (e.getKey().matches(".*(KEY|SECRET|PASSWORD|PASS)$")) {
                    assertThat(e.getValue().asText()).as(e.getKey()).startsWith("${");
                }
            });
        }
    }

    @Test
    void theImageCarriesConfigRoutesAndAHealthcheck() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
        assertThat(runtime).contains("COPY config /app/config").contains("COPY routes /app/routes")
                .contains("USER vibecoder").contains("HEALTHCHECK").contains("/actuator/health/readiness");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target/").contains(".services/");
    }

    @Test
    void theHubCanBuildItsSandbox() throws Exception {
        JsonNode hub = compose().path("services").path("hub");
        List<String> securityOptions = new java.util.ArrayList<>();
        hub.path("security_opt").forEach(option -> securityOptions.add(option.asText()));
        assertThat(securityOptions).containsExactlyInAnyOrder("seccomp:unconfined", "apparmor:unconfined",
                "systempaths=unconfined");
        assertThat(hub.path("cap_add").isMissingNode()).as("no capability added").isTrue();
        assertThat(hub.path("privileged").asBoolean(false)).isFalse();
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
        assertThat(runtime).startsWith("FROM eclipse-temurin:21-jdk").contains("bubblewrap", "python3")
                .contains("ENV VIBECODER_SANDBOX_JUNIT_LAUNCHER=/app/sandbox/junit-platform-console-standalone.jar");
    }

    private JsonNode compose() throws Exception {
        return yaml.readTree(Path.of("docker-compose.yml").toFile());
    }

    private JsonSchema schema() throws Exception {
        assertThat(SCHEMA).as("the Compose Specification schema: run scripts/fetch-compose-schema.sh (make test does)")
                .exists();
        ObjectNode schema = (ObjectNode) json.readTree(SCHEMA.toFile());
        // its $id is relative ("compose_spec.json"), which the validator refuses; every reference in
        // it is local (#/definitions/...), so an absolute identifier changes nothing else
        schema.put("$id", "https://compose-spec.io/schema/compose-spec.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
