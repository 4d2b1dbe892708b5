package dev.vibecoder.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.ProviderWire;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * What the hub sends and books, through the providers' wire formats and the real queues and
 * database: the Ollama stand-in (tech-writer, a model not in config/models.yaml, in a small context
 * window) checks that the schema goes as {@code format} and that what it gets fits the window; the
 * OpenAI stand-in (devops) answers without token counts. (Answers in fences, after prose, cut off or
 * against the schema first, from each provider: {@link ModelAnswerShapesTest}.)
 */
@TestPropertySource(properties = {
        "vibecoder.llm.roles.tech-writer.provider=ollama",
        "vibecoder.llm.roles.tech-writer.model=" + ModelAnswersTest.SMALL_MODEL,
        "vibecoder.llm.roles.tech-writer.context-window=" + ModelAnswersTest.SMALL_WINDOW,
        // its own queues: its roles are set up unlike those of the other flow tests' hub
        "vibecoder.test.hub-suffix=-answers",
})
class ModelAnswersTest extends FlowTestSupport {

    static final String SMALL_MODEL = "standin-small";
    /**
     * The tech writer's window: room for its inputs once cut, not for a long idea and its inputs
     * whole. Its output limit is the default of config/models.yaml, which a model not listed there gets.
     */
    static final int SMALL_WINDOW = 11000;
    static final int SMALL_OUTPUT = 2048;

    @Value("${vibecoder.broker.namespace}")
    String namespace;

    @BeforeAll
    static void stubAnswers() {
        // an OpenAI-compatible server that reports no token usage
        ObjectNode unmetered = (ObjectNode) readJson(ProviderWire.OPENAI.body(ProviderWire.OPENAI.model(),
                "deployment-guide", standin("deployment-guide.json"), false));
        unmetered.remove("usage");
        STANDINS.stubFor(ProviderWire.OPENAI.request("deployment-guide", "[answer:no-usage]").willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody(unmetered.toString())));

        STANDINS.stubFor(ProviderWire.OLLAMA.request("user-docs")
                .withRequestBody(matchingJsonPath("$.model", equalTo(SMALL_MODEL)))
                .withRequestBody(matchingJsonPath("$.format.required[0]", equalTo("title")))
                .withRequestBody(matchingJsonPath("$.format.properties.usage.minItems", equalTo("1")))
                .willReturn(ProviderWire.OLLAMA.answer(SMALL_MODEL, "user-docs", standin("user-docs.json"), false)));
    }

    @Test
    void inputsTooLargeForTheModelsWindowAreFittedAndTheCutIsRecorded() {
        // a long idea (about 3000 tokens): with the input documents, more than the window leaves for the prompt
        StringBuilder idea = new StringBuilder("A command-line recipe box that scales recipes.");
        for (int i = 1; i <= 300; i++) {
            idea.append(" Recipe ").append(i).append(" keeps its ingredients in grams.");
        }
        UUID id = startProject(idea.toString(), null);
        assertThat(namespace).isEqualTo(NAMESPACE + "-answers");

        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        List<ProjectEvent> fitted = events(id, "step.fitted");
        assertThat(fitted).singleElement().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo("documentation");
            assertThat(e.message()).contains(SMALL_WINDOW + "-token context window of " + SMALL_MODEL)
                    .contains("shortened");
        });
        // what reached the model fits its window with room for the answer (the hub's estimate: 4 characters a token)
        List<LoggedRequest> sent = STANDINS.findAll(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(containing("A command-line recipe box that scales recipes")));
        assertThat(sent).singleElement().satisfies(request -> {
            JsonNode body = readJson(request.getBodyAsString());
            int tokens = 0;
            for (JsonNode message : body.path("messages")) {
                tokens += message.path("content").asText().length() / 4;
            }
            assertThat(tokens).isLessThanOrEqualTo(SMALL_WINDOW - 2 * SMALL_OUTPUT);
            assertThat(body.at("/options/num_predict").asInt()).isEqualTo(SMALL_OUTPUT);
            assertThat(body.path("messages").get(1).path("content").asText()).contains("characters cut to fit the context window");
        });
    }

    @Test
    void anAnswerWithoutTokenCountsIsBookedWithTheEstimateMarkedSoAndItsCostCounted() {
        double costBefore = costCounter("devops", "gpt-4o-mini-2024-07-18");
        UUID id = startProject("A command-line habit tracker [answer:no-usage]", null);
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);

        // the devops answer had no usage: its tokens are the hub's estimate of what went and came back
        JsonNode sent = readJson(STANDINS.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[1].content",
                        matching("(?s).*<idea>\\n[^\\n]*" + Pattern.quote("[answer:no-usage]") + ".*"))))
                .getFirst().getBodyAsString());
        int sentTokens = 0;
        for (JsonNode message : sent.path("messages")) {
            sentTokens += message.path("content").asText().length() / 4;
        }
        Map<String, Object> devops = jdbc.queryForMap(
                "select input_tokens, output_tokens, cost_usd, estimated from llm_calls where project_id = ? and role = 'devops'",
                id);
        assertThat(devops).containsEntry("input_tokens", sentTokens)
                .containsEntry("output_tokens", standin("deployment-guide.json").length() / 4)
                .containsEntry("estimated", true);
        java.math.BigDecimal cost = (java.math.BigDecimal) devops.get("cost_usd");
        // gpt-4o-mini's price in config/prices.yaml: $0.15 and $0.60 a million tokens in and out
        assertThat(cost).isEqualByComparingTo(java.math.BigDecimal.valueOf(sentTokens * 15L
                + standin("deployment-guide.json").length() / 4 * 60L, 8).setScale(6, java.math.RoundingMode.HALF_UP));

        JsonNode usage = api().get().uri("/api/projects/" + id).retrieve().body(JsonNode.class).path("usage");
        assertThat(usage.path("estimated").asBoolean()).isTrue();
        assertThat(usage.path("estimatedCalls").asInt()).isEqualTo(1);
        Map<String, JsonNode> byRole = new java.util.HashMap<>();
        usage.path("byRole").forEach(role -> byRole.put(role.path("role").asText(), role));
        assertThat(byRole.get("devops").path("estimatedCalls").asInt()).isEqualTo(1);
        assertThat(byRole.get("devops").path("estimated").asBoolean()).isTrue();
        assertThat(byRole.get("devops").path("inputTokens").asInt()).isEqualTo(sentTokens).isPositive();
        // the Ollama answer carried its counts: booked exactly from them, not marked
        assertThat(byRole.get("tech-writer").path("inputTokens").asInt()).isEqualTo(ProviderWire.OLLAMA.inputTokens());
        assertThat(byRole.get("tech-writer").path("outputTokens").asInt()).isEqualTo(ProviderWire.OLLAMA.outputTokens());
        assertThat(byRole.get("tech-writer").path("estimatedCalls").asInt()).isZero();
        assertThat(byRole.get("tech-writer").path("estimated").asBoolean()).isFalse();

        assertThat(costCounter("devops", "gpt-4o-mini-2024-07-18") - costBefore)
                .isCloseTo(cost.doubleValue(), org.assertj.core.data.Offset.offset(1e-9)).isPositive();
    }

    /** {@code vibecoder_llm_cost_usd_total} of one role and model on /actuator/prometheus, 0 before its first call. */
    private double costCounter(String role, String model) {
        String metrics = api().get().uri("/actuator/prometheus").retrieve().body(String.class);
        return metrics.lines().filter(line -> line.startsWith("vibecoder_llm_cost_usd_total{"))
                .filter(line -> line.contains("role=\"" + role + "\"") && line.contains("model=\"" + model + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private List<ProjectEvent> events(UUID id, String kind) {
        return projects.events(id, 0).stream().filter(e -> e.kind().equals(kind)).toList();
    }
}
