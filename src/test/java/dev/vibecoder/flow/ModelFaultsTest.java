package dev.vibecoder.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.ModelFaultInjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A model provider that fails part of the time, or for a while, costs time but no project, no
 * step twice and no token twice. The tech writer's provider is the Anthropic stand-in.
 */
class ModelFaultsTest extends FlowTestSupport {

    /** Concurrent projects under faults (the issue asks 20; each runs the four-step quick prototype). */
    static final int PROJECTS = 20;

    @Autowired
    DocumentStore documents;

    @Test
    void thirtyPercentFaultyCallsCostNoProjectNoRerunAndNoDoubleCountedToken() {
        FAULTS.start(20_261_204L, 0.3, 6_000);
        StubMapping faulty = STANDINS.stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(containing("[faults]"))
                .willReturn(anthropicAnswer().withTransformers(ModelFaultInjector.NAME)));
        Map<UUID, String> tags = new LinkedHashMap<>();
        try {
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < PROJECTS; i++) {
                String tag = "#" + run + "-" + i + "#";
                tags.put(startProject("A tip calculator [faults] " + tag, "quick-prototype"), tag);
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> tags.keySet()
                    .stream().allMatch(id -> projects.get(id).orElseThrow().status().finished()));
        } finally {
            STANDINS.removeStub(faulty);
        }
        Map<ModelFaultInjector.Kind, Integer> injected = FAULTS.injected();
        // every kind of fault happened, so the run proves something
        assertThat(injected.keySet()).containsExactlyInAnyOrder(ModelFaultInjector.Kind.values());

        List<ServeEvent> calls = STANDINS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1/messages"))
                .filter(e -> e.getRequest().getBodyAsString().contains("[faults]")).toList();
        for (Map.Entry<UUID, String> project : tags.entrySet()) {
            UUID id = project.getKey();
            assertThat(projects.get(id).orElseThrow().status()).as("project %s", id).isEqualTo(Project.Status.COMPLETED);
            // the project's own idea, not a recalled memory of another project's step
            String idea = "[faults] " + project.getValue() + "\\n</idea>";
            List<ServeEvent> mine = calls.stream()
                    .filter(e -> e.getRequest().getBodyAsString().contains(idea)).toList();
            assertThat(mine).as("calls of %s", id).isNotEmpty();
            Document docs = documents.latest(id, "user-docs").orElseThrow();
            // no stored step is asked again: every request of the step came before its document was stored
            assertThat(mine).as("requests of %s", id).allSatisfy(e -> assertThat(e.getRequest().getLoggedDate()
                    .toInstant()).isBefore(docs.createdAt().toInstant()));
            // one llm_calls row per try that reached the provider; tokens only on the one answer received
            assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = 'tech-writer'",
                    Integer.class, id)).as("calls of %s", id).isEqualTo(mine.size());
            assertThat(jdbc.queryForMap("""
                    select count(*) filter (where outcome = 'answered') as answered,
                           count(*) filter (where outcome like 'error: TimeoutException%') as timed_out,
                           sum(input_tokens) as input, sum(output_tokens) as output
                      from llm_calls where project_id = ? and role = 'tech-writer'
                    """, id)).satisfies(row -> {
                        assertThat(row).containsEntry("answered", 1L)
                                .containsEntry("input", (long) ANTHROPIC_INPUT_TOKENS)
                                .containsEntry("output", (long) ANTHROPIC_OUTPUT_TOKENS);
                        // the stand-in's good answers: the one received, and any the client had given up on
                        long good = mine.stream().filter(e -> !FAULTS.faulted(e.getId())).count();
                        assertThat(good).as("good answers to %s", id).isBetween(1L, 1L + (Long) row.get("timed_out"));
                    });
            // the API tells answered calls from failed tries
            JsonNode writer = null;
            for (JsonNode role : project(id).path("usage").path("byRole")) {
                writer = role.path("role").asText().equals("tech-writer") ? role : writer;
            }
            assertThat(writer).isNotNull();
            assertThat(writer.path("calls").asInt()).isEqualTo(1);
            assertThat(writer.path("failedCalls").asInt()).isEqualTo(mine.size() - 1);
            assertThat(writer.path("inputTokens").asLong()).isEqualTo(ANTHROPIC_INPUT_TOKENS);
            assertThat(docs.inputTokens()).isEqualTo(ANTHROPIC_INPUT_TOKENS);
            assertThat(docs.llmCalls()).isEqualTo(1);
            assertThat(documents.history(id)).extracting(Document::version).containsOnly(1);
        }
        FAULTS.start(0, 0, 0);
        JsonNode letters = api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class);
        assertThat(letters).noneSatisfy(letter -> assertThat(tags).containsKey(UUID.fromString(letter.path("projectId").asText())));
    }

    @Test
    void projectsWaitForAProviderThatIsDownAndFinishByThemselvesWhenItIsBack() {
        StubMapping down = STANDINS.stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(containing("[down]"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        List<UUID> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(startProject("A packing list for trips [down] " + i, "quick-prototype"));
            }
            // visible in the API: waiting for the model, not failed
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> ids.stream()
                    .allMatch(id -> "WAITING_FOR_MODEL".equals(project(id).path("status").asText())));
            assertThat(project(ids.get(0)).path("stage").asText()).contains("anthropic").contains("unavailable");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> circuit("open"));
            // while it is down, the steps stay parked: tried again later, never failed or dead-lettered
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
            for (UUID id : ids) {
                assertThat(projects.get(id).orElseThrow().status()).isEqualTo(Project.Status.WAITING_FOR_MODEL);
            }
        } finally {
            STANDINS.removeStub(down);
        }
        // back within the circuit's open time (2 s), well before the park delay (30 s) would bring them
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> ids.stream().allMatch(id -> projects.get(id).orElseThrow().status().finished()));
        for (UUID id : ids) {
            assertThat(projects.get(id).orElseThrow().status()).isEqualTo(Project.Status.COMPLETED);
            assertThat(projects.events(id, 0)).anySatisfy(e -> assertThat(e.kind()).isEqualTo("step.waiting"))
                    .anySatisfy(e -> assertThat(e.message()).isEqualTo("the model answers again"));
            assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and outcome = 'answered' "
                    + "and role = 'tech-writer'", Integer.class, id)).isEqualTo(1);
            assertThat(documents.history(id)).extracting(Document::version).containsOnly(1);
        }
        assertThat(circuit("closed")).isTrue();
        JsonNode letters = api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class);
        assertThat(letters).noneSatisfy(letter -> assertThat(ids).contains(UUID.fromString(letter.path("projectId").asText())));
    }

    private JsonNode project(UUID id) {
        return api().get().uri("/api/projects/{id}", id).retrieve().body(JsonNode.class);
    }

    /** Whether the Anthropic circuit is in this state, as Prometheus reads it. */
    private boolean circuit(String state) {
        String metrics = api().get().uri("/actuator/prometheus").retrieve().body(String.class);
        return Pattern.compile("resilience4j_circuitbreaker_state\\{[^}]*name=\"anthropic\"[^}]*state=\"" + state
                + "\"[^}]*} 1\\.0").matcher(metrics).find();
    }
}
