package dev.vibecoder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.api.ApiErrors;
import dev.vibecoder.api.InsightsController;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.configuration.SpringDocSpecPropertiesConfiguration;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * {@code GET /api/insights} over HTTP, from step runs, reflections and failure patterns this test
 * writes itself (under its own project, roles and step ids) and removes again. The server is the
 * hub's web layer (its Jackson and problem-detail settings from config/application.yaml, its error
 * mapping, its OpenAPI document) with the memory beans on the real database, without the routes and
 * the broker, which the insights do not touch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = InsightsEndpointTest.WebLayer.class,
        properties = "spring.datasource.url=${VIBECODER_TEST_DB_URL:jdbc:postgresql://127.0.0.1:5433/vibecoder_test}")
class InsightsEndpointTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
            SpringDocConfiguration.class, SpringDocConfigProperties.class, SpringDocSpecPropertiesConfiguration.class,
            SpringDocWebMvcConfiguration.class})
    @Import({MemoryTestSupport.MemoryBeans.class, InsightsController.class, ApiErrors.class})
    static class WebLayer {
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MemoryStore store;
    @Autowired
    FailurePatterns patterns;

    private final UUID project = UUID.randomUUID();
    private final String run = "i" + project.toString().substring(0, 8) + "-";
    private final List<Long> patternIds = new ArrayList<>();

    @AfterEach
    void removeWhatThisTestWrote() {
        jdbc.update("delete from memories where project_id = ?", project);
        if (!patternIds.isEmpty()) {
            jdbc.update("delete from failure_patterns where id = any(?)", (Object) patternIds.toArray(Long[]::new));
        }
        // the step runs go with their project
        jdbc.update("delete from projects where id = ?", project);
    }

    @Test
    void reportsRolesAutoFixesPatternsAndSlowStagesOfTheWindow() {
        JsonNode before = insights("P7D").getBody();
        jdbc.update("insert into projects (id, idea, workflow, source) values (?, 'insights test project', "
                + "'software-company', 'test')", project);
        String engineer = run + "engineer";
        String qa = run + "qa-engineer";
        String old = run + "architect";
        String slowStep = run + "write-code";
        Instant now = Instant.now();
        step(engineer, slowStep, "DONE", now.minus(Duration.ofHours(2)), Duration.ofSeconds(10_000));
        step(engineer, slowStep, "DONE", now.minus(Duration.ofHours(3)), Duration.ofSeconds(20_000));
        step(engineer, slowStep, "FAILED", now.minus(Duration.ofHours(4)), Duration.ofSeconds(30_000));
        step(engineer, run + "write-docs", "DONE", now.minus(Duration.ofHours(1)), Duration.ofSeconds(1));
        step(qa, run + "run-tests", "FAILED", now.minus(Duration.ofDays(6)), Duration.ofSeconds(5));
        step(old, run + "design", "DONE", now.minus(Duration.ofDays(10)), Duration.ofSeconds(5));
        step(run + "devops", run + "deploy", "RUNNING", null, null);

        long[] failures = FailurePatternsTest.MISSING_MODULE.stream().mapToLong(text -> store.remember(
                new NewMemory(MemoryKind.FAILURE, qa, project, UUID.randomUUID(), null, text, null,
                        MemoryOutcome.FAILED, null))).toArray();
        long patternId = 0;
        for (long failure : failures) {
            patternId = patterns.classify(failure).id();
        }
        patternIds.add(patternId);
        reflection(failures[0], "Vendored the module; still failing.", "copy the library in", MemoryOutcome.FAILED);
        long fix = reflection(failures[1], "flask was imported but not in requirements.txt; added it.",
                "declare third-party imports in requirements.txt", MemoryOutcome.SUCCEEDED);
        reflection(failures[2], "yaml is missing from requirements.txt.", "declare PyYAML", MemoryOutcome.PENDING);

        ResponseEntity<JsonNode> response = insights("P7D");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode report = response.getBody();
        assertThat(report.path("window").asText()).isEqualTo("P7D");
        assertThat(Duration.between(Instant.parse(report.path("from").asText()), Instant.parse(report.path("to").asText())))
                .isEqualTo(Duration.ofDays(7));

        JsonNode engineerStats = find(report.path("roles"), "role", engineer);
        assertThat(engineerStats.path("steps").asInt()).isEqualTo(4);
        assertThat(engineerStats.path("succeeded").asInt()).isEqualTo(3);
        assertThat(engineerStats.path("failed").asInt()).isEqualTo(1);
        assertThat(engineerStats.path("successRate").asDouble()).isEqualTo(0.75);
        assertThat(find(report.path("roles"), "role", qa).path("successRate").asDouble()).isEqualTo(0.0);
        assertThat(find(report.path("roles"), "role", old)).as("finished before the window").isNull();
        assertThat(find(report.path("roles"), "role", run + "devops")).as("not finished").isNull();

        JsonNode autoFix = report.path("autoFix");
        assertThat(autoFix.path("attempts").asInt() - before.path("autoFix").path("attempts").asInt()).isEqualTo(3);
        assertThat(autoFix.path("succeeded").asInt() - before.path("autoFix").path("succeeded").asInt()).isEqualTo(1);
        assertThat(autoFix.path("failed").asInt() - before.path("autoFix").path("failed").asInt()).isEqualTo(1);
        assertThat(autoFix.path("pending").asInt() - before.path("autoFix").path("pending").asInt()).isEqualTo(1);
        assertThat(autoFix.path("successRate").isNumber()).isTrue();

        JsonNode pattern = find(report.path("failurePatterns"), "id", String.valueOf(patternId));
        assertThat(pattern).isNotNull();
        assertThat(pattern.path("name").asText()).isEqualTo("ModuleNotFoundError: No module named …");
        assertThat(pattern.path("occurrences").asInt()).isEqualTo(3);
        assertThat(pattern.path("lastSeen").asText()).isNotEmpty();
        assertThat(pattern.path("bestFix").path("memoryId").asLong()).isEqualTo(fix);
        assertThat(pattern.path("bestFix").path("lesson").asText()).isEqualTo("declare third-party imports in requirements.txt");
        assertThat(pattern.path("bestFix").path("diagnosis").asText())
                .isEqualTo("flask was imported but not in requirements.txt; added it.");
        assertThat(pattern.path("bestFix").path("text").asText()).isEqualTo("flask was imported but not in "
                + "requirements.txt; added it.\nLesson: declare third-party imports in requirements.txt");

        JsonNode slowest = report.path("slowestStages");
        assertThat(slowest.path(0).path("stepId").asText()).isEqualTo(slowStep);
        assertThat(slowest.path(0).path("runs").asInt()).isEqualTo(3);
        assertThat(slowest.path(0).path("averageSeconds").asDouble()).isCloseTo(20_000, within(0.01));
        assertThat(slowest.path(0).path("p95Seconds").asDouble()).isCloseTo(29_000, within(0.01));
        assertThat(slowest.path(0).path("maxSeconds").asDouble()).isCloseTo(30_000, within(0.01));
        assertThat(find(slowest, "stepId", run + "write-docs")).isNotNull();

        JsonNode month = insights("P30D").getBody();
        assertThat(find(month.path("roles"), "role", old).path("successRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void ratesAreNullWhenThereIsNothingToDivide() {
        // nothing finishes or is reflected upon in the last millisecond of an idle test hub
        JsonNode report = insights("PT0.001S").getBody();
        assertThat(report.path("roles").isArray()).isTrue();
        assertThat(report.path("autoFix").path("attempts").asInt()).isZero();
        assertThat(report.path("autoFix").has("successRate")).isTrue();
        assertThat(report.path("autoFix").path("successRate").isNull()).isTrue();
        // the default window is a week
        JsonNode byDefault = api().get().uri("/api/insights").retrieve().body(JsonNode.class);
        assertThat(byDefault.path("window").asText()).isEqualTo("P7D");
    }

    @Test
    void aWindowThatIsNotAPositiveDurationOfAtMostAYearIsRejected() {
        assertRejected(insights("banana"), "'banana' is not an ISO-8601 duration such as P7D or PT12H");
        assertRejected(insights("7"), "is not an ISO-8601 duration");
        assertRejected(insights("P400D"), "window: must be at most P365D");
        assertRejected(insights("PT0S"), "window: must be longer than zero");
        assertRejected(insights("-P1D"), "window: must be longer than zero");
        JsonNode openApi = api().get().uri("/v3/api-docs").retrieve().body(JsonNode.class);
        assertThat(openApi.path("paths").path("/api/insights").path("get").path("parameters").path(0)
                .path("name").asText()).isEqualTo("window");
    }

    private void assertRejected(ResponseEntity<JsonNode> response, String detail) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(400);
        assertThat(response.getBody().path("field").asText()).isEqualTo("window");
        assertThat(response.getBody().path("detail").asText()).contains(detail);
    }

    private RestClient api() {
        return RestClient.builder().baseUrl("http://localhost:" + port).defaultHeader("Authorization",
                dev.vibecoder.support.TestTokens.bearer(jdbc, "victor", dev.vibecoder.access.AccessRole.VIEWER)).build();
    }

    private ResponseEntity<JsonNode> insights(String window) {
        return api().get().uri(uri -> uri.path("/api/insights").queryParam("window", window).build())
                .exchange((request, r) -> ResponseEntity.status(r.getStatusCode()).body(r.bodyTo(JsonNode.class)));
    }

    private void step(String role, String stepId, String status, Instant finished, Duration took) {
        jdbc.update("""
                insert into step_runs (step_key, project_id, step_id, role, status, attempts, started_at, finished_at)
                values (?, ?, ?, ?, ?, 1, ?, ?)
                """, UUID.randomUUID().toString(), project, stepId, role, status,
                finished == null ? Timestamp.from(Instant.now()) : Timestamp.from(finished.minus(took)),
                finished == null ? null : Timestamp.from(finished));
    }

    private long reflection(long failureId, String diagnosis, String lesson, MemoryOutcome outcome) {
        return MemoryTestSupport.reflection(store, patterns, project, run + "fixer", failureId, diagnosis, lesson,
                outcome);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(node -> node.path(field).asText().equals(value)).findFirst().orElse(null);
    }
}
