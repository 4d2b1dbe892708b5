package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.access.AccessRole;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.FlowTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A project's budget holds before the call that could overspend it: the project waits at its budget
 * checkpoint, a raise lets it finish, a rejection ends it. The tech writer's model is the priced
 * Anthropic stand-in (claude-sonnet-4-5, $3 / $15 per million tokens, config/prices.yaml); its one call
 * could cost up to about $0.13 (its prompt, plus 8,192 output tokens at $15 per million).
 */
class BudgetTest extends FlowTestSupport {

    @Autowired
    MeterRegistry metrics;

    @Test
    void aBudgetTooSmallParksTheProjectBeforeTheOverspendingCallAndARaiseLetsItFinish() {
        String tag = "#budget-" + UUID.randomUUID().toString().substring(0, 8) + "#";
        UUID id = start("A tip calculator " + tag, Map.of("usd", 0.05));

        awaitStatus(id, Project.Status.WAITING_FOR_BUDGET);
        // the call that could overspend was not made
        assertThat(anthropicRequests(tag)).isZero();
        JsonNode waiting = project(id);
        assertThat(waiting.path("statusReason").asText()).startsWith("budget: the next call of tech-writer to "
                + "claude-sonnet-4-5").contains("with $0.0500 left of $0.0500");
        assertThat(waiting.path("budget").path("usd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(waiting.path("budget").path("source").asText()).isEqualTo("request");
        assertThat(waiting.path("budget").path("waiting")).hasSize(1);
        assertThat(stepStatus(waiting, "documentation")).isEqualTo("QUEUED");
        assertThat(events(id)).contains("budget.exceeded");
        assertThat(metrics.get("vibecoder.budget.held.steps").tag("role", "tech-writer").counter().count())
                .isGreaterThanOrEqualTo(1);

        // a raise that leaves less than was spent, or says nothing, is refused with the field at fault
        assertThat(decide(id, Map.of("decision", "raise", "by", "alice"))).isEqualTo(400);
        assertThat(decide(id, Map.of("decision", "raise", "usd", 0, "by", "alice"))).isEqualTo(400);
        assertThat(decide(id, Map.of("decision", "raise", "usd", 1, "by", "alice"))).isEqualTo(200);

        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        assertThat(anthropicRequests(tag)).isOne();
        JsonNode done = project(id);
        assertThat(done.path("budget").path("source").asText()).isEqualTo("raised");
        assertThat(done.path("budget").path("updatedBy").asText()).isEqualTo("alice");
        assertThat(done.path("budget").path("waiting")).isEmpty();
        BigDecimal spent = done.path("budget").path("spentUsd").decimalValue();
        // what the stand-in reported: 2,345 tokens in at $3 and 678 out at $15 per million
        assertThat(spent).isEqualByComparingTo("0.017205");
        assertThat(done.path("usage").path("byModel").findValuesAsText("model")).contains("claude-sonnet-4-5-20250929");
        assertThat(events(id)).contains("budget set to $1.00 by alice; 1 held step(s) go on");
        // nothing held is left behind, no reservation outlives its call
        assertThat(jdbc.queryForObject("select count(*) from budget_held_orders where project_id = ?", Integer.class, id))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from budget_reservations where project_id = ?", Integer.class,
                id)).isZero();
    }

    @Test
    void aRejectedBudgetEndsTheProjectWithTheReason() {
        String tag = "#budget-" + UUID.randomUUID().toString().substring(0, 8) + "#";
        UUID id = start("A unit converter " + tag, Map.of("usd", 0.05));
        awaitStatus(id, Project.Status.WAITING_FOR_BUDGET);

        assertThat(decide(id, Map.of("decision", "reject", "by", "bob"))).isEqualTo(400);
        assertThat(decide(id, Map.of("decision", "maybe", "by", "bob"))).isEqualTo(400);
        // recorded under the caller's identity, whatever name the body gives
        int rejected = as("bob", AccessRole.APPROVER).post().uri("/api/projects/{id}/budget", id)
                .body(Map.of("decision", "reject", "by", "mallory", "comment", "not worth it"))
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(rejected).isEqualTo(200);

        Project failed = projects.get(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(Project.Status.FAILED);
        assertThat(failed.statusReason()).isEqualTo("budget: not raised, rejected by bob: not worth it");
        assertThat(anthropicRequests(tag)).isZero();
        // an ended project's budget is no longer decided
        assertThat(decide(id, Map.of("decision", "reject", "by", "bob", "comment", "again"))).isEqualTo(409);
        assertThat(decide(id, Map.of("decision", "raise", "usd", 5, "by", "bob"))).isEqualTo(409);
    }

    @Test
    void aBudgetThatIsNotPositiveIsRefusedAtTheStart() {
        int status = api().post().uri("/api/projects")
                .body(Map.of("idea", "A budget test", "budget", Map.of("usd", -1)))
                .exchange((request, response) -> {
                    assertThat(response.bodyTo(JsonNode.class).path("detail").asText()).contains("budget.usd");
                    return response.getStatusCode().value();
                });
        assertThat(status).isEqualTo(400);
    }

    private UUID start(String idea, Map<String, Object> budget) {
        JsonNode created = api().post().uri("/api/projects")
                .body(Map.of("idea", idea, "workflow", "quick-prototype", "budget", budget)).retrieve()
                .body(JsonNode.class);
        return UUID.fromString(created.path("id").asText());
    }

    private long anthropicRequests(String tag) {
        return STANDINS.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/v1/messages"))
                .filter(e -> e.getRequest().getBodyAsString().contains(tag)).count();
    }

    private JsonNode project(UUID id) {
        return api().get().uri("/api/projects/{id}", id).retrieve().body(JsonNode.class);
    }

    private String events(UUID id) {
        return api().get().uri("/api/projects/{id}/events", id).retrieve().body(JsonNode.class).toString();
    }

    private static String stepStatus(JsonNode project, String stepId) {
        for (JsonNode step : project.path("steps")) {
            if (step.path("stepId").asText().equals(stepId)) {
                return step.path("status").asText();
            }
        }
        return "absent";
    }

    private int decide(UUID id, Map<String, Object> body) {
        return api().post().uri("/api/projects/{id}/budget", id).body(body)
                .exchange((request, response) -> response.getStatusCode().value());
    }

    private void awaitStatus(UUID id, Project.Status status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> projects.get(id).orElseThrow().status() == status);
    }
}
