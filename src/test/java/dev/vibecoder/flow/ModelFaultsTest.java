package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.support.ModelFaultInjector;
import dev.vibecoder.support.ProviderWire;
import dev.vibecoder.support.ThreeProvidersSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Model providers that fail part of the time, or for a while, cost time but no project, no step
 * twice and no token twice. Each project asks OpenAI for its PRD, Ollama for its task breakdown and
 * Anthropic for its user docs, and each stand-in fails in its own provider's way: 30% of the calls
 * of all three at once, or all calls of one provider until it is back.
 */
class ModelFaultsTest extends ThreeProvidersSupport {

    /** Concurrent projects under faults (the issue asks 20; each runs the four-step quick prototype). */
    static final int PROJECTS = 20;

    @Autowired
    DocumentStore documents;

    @Test
    void thirtyPercentFaultyCallsToEachProviderCostNoProjectNoRerunAndNoDoubleCountedToken() {
        FAULTS.start(20_261_204L, 0.3, 6_000);
        List<StubMapping> faulty = new ArrayList<>();
        for (Seat seat : SEATS) {
            faulty.add(STANDINS.stubFor(seat.request("[faults]")
                    .willReturn(ModelFaultInjector.faulty(seat.wire(), seat.answer()))));
        }
        Map<Seat, Map<String, Double>> circuitsBefore = new LinkedHashMap<>();
        SEATS.forEach(seat -> circuitsBefore.put(seat, circuitCalls(seat)));
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
            faulty.forEach(STANDINS::removeStub);
            FAULTS.stop();
        }
        for (UUID id : tags.keySet()) {
            assertThat(projects.get(id).orElseThrow().status()).as("project %s: %s", id,
                    projects.get(id).orElseThrow().statusReason()).isEqualTo(Project.Status.COMPLETED);
        }
        for (Seat seat : SEATS) {
            // every kind of fault happened to every provider, so the run proves something
            assertThat(FAULTS.injected(seat.wire()).keySet()).as("faults of %s", seat.wire())
                    .containsExactlyInAnyOrder(ModelFaultInjector.Kind.values());
            List<ServeEvent> calls = STANDINS.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().equals(seat.wire().path()))
                    .filter(e -> e.getRequest().getBodyAsString().contains("[faults]")).toList();
            int failed = 0;
            for (Map.Entry<UUID, String> project : tags.entrySet()) {
                failed += assertStepRanOnce(seat, project.getKey(), project.getValue(), calls);
            }
            // the circuit breaker saw every failed try and every answer (and is what the metrics show)
            Map<String, Double> before = circuitsBefore.get(seat);
            Map<String, Double> after = circuitCalls(seat);
            assertThat(after.get("failed") - before.get("failed")).as("failed calls of %s", seat.wire()).isEqualTo(failed);
            assertThat(after.get("successful") - before.get("successful")).as("answers of %s", seat.wire())
                    .isEqualTo(PROJECTS);
        }
        JsonNode letters = api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class);
        assertThat(letters).noneSatisfy(letter -> assertThat(tags).containsKey(UUID.fromString(letter.path("projectId").asText())));
    }

    /** The seat's step of one project: asked until answered, never after its document was stored; its failed tries. */
    private int assertStepRanOnce(Seat seat, UUID id, String tag, List<ServeEvent> calls) {
        String role = seat.role();
        // the project's own idea, not a recalled memory of another project's step
        String idea = "[faults] " + tag + "\\n</idea>";
        List<ServeEvent> mine = calls.stream().filter(e -> e.getRequest().getBodyAsString().contains(idea))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(mine).as("calls of %s to %s", id, seat.wire()).isNotEmpty();
        Document doc = documents.latest(id, seat.docType()).orElseThrow();
        // no stored step is asked again: every request of the step came before its document was stored
        assertThat(mine).as("requests of %s", id).allSatisfy(e -> assertThat(e.getRequest().getLoggedDate()
                .toInstant()).isBefore(doc.createdAt().toInstant()));
        // one llm_calls row per try that reached the provider; tokens only on the one answer received
        assertThat(jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = ?",
                Integer.class, id, role)).as("calls of %s by %s", id, role).isEqualTo(mine.size());
        Map<String, Object> row = jdbc.queryForMap("""
                select count(*) filter (where outcome = 'answered') as answered,
                       count(*) filter (where outcome like 'error: TimeoutException%') as timed_out,
                       sum(input_tokens) as input, sum(output_tokens) as output
                  from llm_calls where project_id = ? and role = ?
                """, id, role);
        assertThat(row).as("%s of %s", role, id).containsEntry("answered", 1L)
                .containsEntry("input", (long) seat.wire().inputTokens())
                .containsEntry("output", (long) seat.wire().outputTokens());
        // the stand-in's good answers: the one received, and any the client had given up on
        long good = mine.stream().filter(e -> !FAULTS.faulted(e.getId())).count();
        assertThat(good).as("good answers to %s", id).isBetween(1L, 1L + (Long) row.get("timed_out"));
        assertWaitedAsAsked(seat, id, mine);
        // the API tells answered calls from failed tries
        JsonNode usage = null;
        for (JsonNode byRole : project(id).path("usage").path("byRole")) {
            usage = byRole.path("role").asText().equals(role) ? byRole : usage;
        }
        assertThat(usage).as("usage of %s", role).isNotNull();
        assertThat(usage.path("calls").asInt()).isEqualTo(1);
        assertThat(usage.path("failedCalls").asInt()).isEqualTo(mine.size() - 1);
        assertThat(usage.path("inputTokens").asLong()).isEqualTo(seat.wire().inputTokens());
        assertThat(doc.inputTokens()).isEqualTo(seat.wire().inputTokens());
        assertThat(doc.llmCalls()).isEqualTo(1);
        assertThat(documents.history(id)).filteredOn(d -> d.docType().equals(seat.docType()))
                .extracting(Document::version).containsOnly(1);
        return mine.size() - 1;
    }

    /**
     * After a 429 the next try waits as long as the provider said (OpenAI in x-ratelimit-reset-*,
     * Anthropic in retry-after), unless the step was parked meanwhile and came back by the circuit.
     */
    private void assertWaitedAsAsked(Seat seat, UUID id, List<ServeEvent> mine) {
        Duration asked = seat.wire().askedWait();
        if (asked == null) {
            return;
        }
        List<Instant> parked = projects.events(id, 0).stream()
                .filter(e -> e.kind().equals("step.waiting") && seat.stepId().equals(e.stepId()))
                .map(ProjectEvent::createdAt).map(t -> t.toInstant()).toList();
        for (int i = 0; i + 1 < mine.size(); i++) {
            if (FAULTS.fault(mine.get(i).getId()) != ModelFaultInjector.Kind.RATE_LIMITED) {
                continue;
            }
            Instant refused = mine.get(i).getRequest().getLoggedDate().toInstant();
            Instant next = mine.get(i + 1).getRequest().getLoggedDate().toInstant();
            if (parked.stream().noneMatch(p -> !p.isBefore(refused) && !p.isAfter(next))) {
                assertThat(Duration.between(refused, next)).as("wait after the 429 of %s to %s", id, seat.wire())
                        .isGreaterThanOrEqualTo(asked);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void projectsWaitForAProviderThatIsDownAndFinishByThemselvesWhenItIsBack(ProviderWire wire) {
        Seat seat = seat(wire);
        String provider = wire.name().toLowerCase();
        String marker = "[down:" + provider + "]";
        StubMapping down = STANDINS.stubFor(seat.request(marker).willReturn(wire.overloaded()));
        List<UUID> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(startProject("A packing list for trips " + marker + " " + i, "quick-prototype"));
            }
            // visible in the API: waiting for the model, not failed
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> ids.stream()
                    .allMatch(id -> "WAITING_FOR_MODEL".equals(project(id).path("status").asText())));
            assertThat(project(ids.get(0)).path("stage").asText()).contains(provider).contains("unavailable");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> circuit(provider, "open"));
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
                    + "and role = ?", Integer.class, id, seat.role())).isEqualTo(1);
            assertThat(documents.history(id)).filteredOn(d -> d.docType().equals(seat.docType()))
                    .extracting(Document::version).containsOnly(1);
        }
        assertThat(circuit(provider, "closed")).isTrue();
        JsonNode letters = api().get().uri("/api/dead-letters?limit=1000").retrieve().body(JsonNode.class);
        assertThat(letters).noneSatisfy(letter -> assertThat(ids).contains(UUID.fromString(letter.path("projectId").asText())));
    }

    private JsonNode project(UUID id) {
        return api().get().uri("/api/projects/{id}", id).retrieve().body(JsonNode.class);
    }

    /** Whether a provider's circuit is in this state, as Prometheus reads it. */
    private boolean circuit(String provider, String state) {
        return Pattern.compile("resilience4j_circuitbreaker_state\\{[^}]*name=\"" + provider + "\"[^}]*state=\"" + state
                + "\"[^}]*} 1\\.0").matcher(metrics()).find();
    }

    /** The calls a provider's circuit breaker has recorded, by kind (successful, failed, ...), as Prometheus reads them. */
    private Map<String, Double> circuitCalls(Seat seat) {
        Map<String, Double> calls = new LinkedHashMap<>(Map.of("successful", 0.0, "failed", 0.0));
        Matcher line = Pattern.compile("resilience4j_circuitbreaker_calls_seconds_count\\{([^}]*)} (\\S+)").matcher(metrics());
        while (line.find()) {
            Matcher kind = Pattern.compile("kind=\"(\\w+)\"").matcher(line.group(1));
            if (line.group(1).contains("name=\"" + seat.wire().name().toLowerCase() + "\"") && kind.find()) {
                calls.put(kind.group(1), Double.parseDouble(line.group(2)));
            }
        }
        return calls;
    }

    private String metrics() {
        return api().get().uri("/actuator/prometheus").retrieve().body(String.class);
    }
}
