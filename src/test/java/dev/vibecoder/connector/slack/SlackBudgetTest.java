package dev.vibecoder.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.SlackStandIn;
import dev.vibecoder.cost.ProjectBudgets;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The budget checkpoint in Slack: a project stopped before a call that could overspend its budget is
 * asked about in a message; an approver's Raise lets it finish, and the message shows who raised it.
 * (The tech writer's model is the priced Anthropic stand-in: its one call could cost about $0.13.)
 */
class SlackBudgetTest extends SlackFlowSupport {

    @Test
    void anApproverRaisesTheBudgetFromTheMessageAndTheProjectFinishes() {
        UUID id = startWithBudget("A kitchen timer with presets");
        awaitStatus(id, Project.Status.WAITING_FOR_BUDGET);

        SlackStandIn.Call asked = awaitBudgetAsked(id);
        assertThat(asked.field("text")).contains("reached its budget");
        JsonNode blocks = asked.json("blocks");
        assertThat(blocks.toString()).contains("*Spent:* $0.0000 of $0.0500")
                .contains("*Stopped before:* the next call of tech-writer to claude-sonnet-4-5");
        List<JsonNode> buttons = buttons(blocks);
        assertThat(buttons).extracting(b -> b.path("action_id").asText())
                .containsExactly(BudgetMessages.RAISE, BudgetMessages.STOP);
        // what the refused call needed (its worst case) with a fifth to spare, at least twice the budget
        BigDecimal needed = jdbc.queryForObject("select needed_usd from budget_held_orders where project_id = ?",
                BigDecimal.class, id);
        assertThat(needed).isGreaterThan(new BigDecimal("0.05"));
        BigDecimal raise = needed.multiply(new BigDecimal("1.2")).max(new BigDecimal("0.10"))
                .setScale(2, RoundingMode.CEILING);
        assertThat(buttons.get(0).path("text").path("text").asText()).isEqualTo("Raise to " + ProjectBudgets.usd(raise));
        String offer = buttons.get(0).path("value").asText();
        assertThat(offer).isEqualTo(id + " " + raise.stripTrailingZeros().toPlainString() + " -");
        String ts = asked.answerJson().path("ts").asText();

        // someone who is not an approver changes nothing
        assertThat(fromSlack(click("U0STRANGER", "mallory", BudgetMessages.RAISE, offer, ts)).status()).isEqualTo(200);
        assertThat(projects.get(id).orElseThrow().status()).isEqualTo(Project.Status.WAITING_FOR_BUDGET);

        assertThat(fromSlack(click(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, BudgetMessages.RAISE, offer, ts))
                .status()).isEqualTo(200);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        await().atMost(Duration.ofSeconds(20)).until(() -> updates(ts).size() == 1);
        JsonNode shown = updates(ts).get(0).json("blocks");
        assertThat(buttons(shown)).isEmpty();
        assertThat(shown.toString()).contains(":white_check_mark: *Raised* to " + ProjectBudgets.usd(raise)
                + " by <@U0APPROVER>");

        // a second click on the old message raises nothing twice
        assertThat(fromSlack(click(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, BudgetMessages.RAISE, offer, ts))
                .status()).isEqualTo(200);
        JsonNode budget = api().get().uri("/api/projects/{id}", id).retrieve().body(JsonNode.class).path("budget");
        assertThat(budget.path("usd").decimalValue()).isEqualByComparingTo(raise);
        assertThat(budget.path("updatedBy").asText()).isEqualTo("slack-U0APPROVER");
    }

    @Test
    void stoppingTheProjectFromTheMessageEndsIt() {
        UUID id = startWithBudget("A pomodoro timer");
        awaitStatus(id, Project.Status.WAITING_FOR_BUDGET);
        SlackStandIn.Call asked = awaitBudgetAsked(id);
        String ts = asked.answerJson().path("ts").asText();
        String offer = buttons(asked.json("blocks")).get(1).path("value").asText();

        assertThat(fromSlack(click(SlackStandIn.APPROVER, SlackStandIn.APPROVER_NAME, BudgetMessages.STOP, offer, ts))
                .status()).isEqualTo(200);
        Project stopped = projects.get(id).orElseThrow();
        assertThat(stopped.status()).isEqualTo(Project.Status.FAILED);
        assertThat(stopped.statusReason()).isEqualTo("budget: not raised, rejected by slack-U0APPROVER: stopped"
                + " in Slack at the budget checkpoint");
        await().atMost(Duration.ofSeconds(20)).until(() -> updates(ts).size() == 1);
        assertThat(updates(ts).get(0).json("blocks").toString()).contains(":octagonal_sign: *Stopped* by <@U0APPROVER>");
    }

    private UUID startWithBudget(String idea) {
        JsonNode created = api().post().uri("/api/projects").body(Map.of("idea", idea + " #" + UUID.randomUUID() + "#",
                "workflow", "quick-prototype", "budget", Map.of("usd", 0.05))).retrieve().body(JsonNode.class);
        return UUID.fromString(created.path("id").asText());
    }

    private static SlackStandIn.Call awaitBudgetAsked(UUID projectId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> budgetAsked(projectId).size() == 1);
        return budgetAsked(projectId).get(0);
    }

    private static List<SlackStandIn.Call> budgetAsked(UUID projectId) {
        return SlackStandIn.calls("chat.postMessage").stream()
                .filter(call -> call.field("thread_ts") == null && call.field("blocks") != null)
                .filter(call -> buttonValues(call.json("blocks")).stream().anyMatch(v -> v.startsWith(projectId + " ")))
                .toList();
    }

    private static List<JsonNode> buttons(JsonNode blocks) {
        return blocks.findValues("elements").stream()
                .flatMap(elements -> java.util.stream.StreamSupport.stream(elements.spliterator(), false))
                .filter(e -> "button".equals(e.path("type").asText())).toList();
    }
}
