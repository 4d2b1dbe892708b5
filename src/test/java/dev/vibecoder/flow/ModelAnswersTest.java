package dev.vibecoder.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.support.FlowTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Real models' answers, through the providers' wire formats and the real queues and database: the
 * OpenAI stand-in (devops, gpt-4o-mini) answers in fences, after prose, cut off by its token limit,
 * or against the schema first, as the idea asks; the Ollama stand-in (tech-writer, a model not in
 * config/models.yaml, in a small context window) checks that the schema goes as
 * {@code format} and that what it gets fits the window.
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

    @Autowired
    DocumentStore documents;

    @Value("${vibecoder.broker.namespace}")
    String namespace;

    @DynamicPropertySource
    static void ollama(DynamicPropertyRegistry registry) {
        registry.add("vibecoder.llm.ollama.base-url", STANDINS::baseUrl);
    }

    @BeforeAll
    static void stubAnswers() {
        String guide = standin("deployment-guide.json");
        STANDINS.stubFor(openAi("[answer:fenced]").willReturn(openAiAnswer("```json\n" + guide + "\n```", "stop")));
        STANDINS.stubFor(openAi("[answer:prose]").willReturn(openAiAnswer(
                "Sure! Here is the deployment guide for your project:\n\n" + guide + "\n\nGood luck.", "stop")));
        // gpt-4o-mini's first-call limit (config/models.yaml) cuts the answer off; twice that does not
        STANDINS.stubFor(openAi("[answer:truncated]").withRequestBody(matchingJsonPath("$.max_tokens", equalTo("8192")))
                .willReturn(openAiAnswer(guide.substring(0, guide.length() / 2), "length")));
        STANDINS.stubFor(openAi("[answer:truncated]").withRequestBody(matchingJsonPath("$.max_tokens", equalTo("16384")))
                .willReturn(openAiAnswer(guide, "stop")));
        // schema-violating first; the re-ask, which quotes the validator, gets the valid document
        ObjectNode invalid = (ObjectNode) readJson(guide);
        invalid.remove("rollback");
        STANDINS.stubFor(openAi("[answer:invalid-first]").withRequestBody(matchingJsonPath("$.messages.length()", equalTo("2")))
                .willReturn(openAiAnswer(invalid.toString(), "stop")));
        STANDINS.stubFor(openAi("[answer:invalid-first]").withRequestBody(matchingJsonPath("$.messages.length()", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.messages[3].content",
                        containing("$: required property 'rollback' not found")))
                .willReturn(openAiAnswer(guide, "stop")));
        // an OpenAI-compatible server that reports no token usage
        ObjectNode unmetered = (ObjectNode) readJson(openAiBody(guide, "stop"));
        unmetered.remove("usage");
        STANDINS.stubFor(openAi("[answer:no-usage]").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(unmetered.toString())));

        ObjectNode ollama = JSON.createObjectNode().put("model", SMALL_MODEL)
                .put("created_at", "2026-12-04T00:00:00Z").put("done", true).put("done_reason", "stop")
                .put("prompt_eval_count", 2000).put("eval_count", 500);
        ollama.putObject("message").put("role", "assistant").put("content", standin("user-docs.json"));
        STANDINS.stubFor(post(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(SMALL_MODEL)))
                .withRequestBody(matchingJsonPath("$.format.required[0]", equalTo("title")))
                .withRequestBody(matchingJsonPath("$.format.properties.usage.minItems", equalTo("1")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(ollama.toString())));
    }

    @Test
    void fencedProseWrappedCutOffAndSchemaViolatingAnswersAllEndInValidDocuments() {
        assertThat(namespace).isEqualTo(NAMESPACE + "-answers");
        Map<String, UUID> started = new java.util.LinkedHashMap<>();
        for (String shape : List.of("fenced", "prose", "truncated", "invalid-first")) {
            started.put(shape, startProject("A command-line habit tracker [answer:" + shape + "]", null));
        }
        started.forEach((shape, id) -> assertThat(awaitFinished(id).status()).as(shape + ": "
                + projects.get(id).orElseThrow().statusReason()).isEqualTo(Project.Status.COMPLETED));

        for (UUID id : List.of(started.get("fenced"), started.get("prose"))) {
            Document guide = documents.latest(id, "deployment-guide").orElseThrow();
            assertThat(guide.content()).isEqualTo(readJson(standin("deployment-guide.json")));
            assertThat(guide.llmCalls()).isEqualTo(1);
            assertThat(events(id, "step.reask")).isEmpty();
        }

        UUID truncated = started.get("truncated");
        assertThat(documents.latest(truncated, "deployment-guide").orElseThrow().llmCalls()).isEqualTo(2);
        assertThat(events(truncated, "step.truncated")).singleElement().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo("deployment");
            assertThat(e.message()).contains("cut off at its output limit of 8192 tokens")
                    .contains("asking again with 16384");
        });
        assertThat(events(truncated, "step.reask")).isEmpty();
        assertThat(devopsCalls(truncated)).isEqualTo(2);

        UUID invalid = started.get("invalid-first");
        assertThat(documents.latest(invalid, "deployment-guide").orElseThrow().content())
                .isEqualTo(readJson(standin("deployment-guide.json")));
        assertThat(events(invalid, "step.reask")).singleElement().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo("deployment");
            assertThat(e.message()).contains("required property 'rollback' not found");
        });
        assertThat(devopsCalls(invalid)).isEqualTo(2);
    }

    @Test
    void inputsTooLargeForTheModelsWindowAreFittedAndTheCutIsRecorded() {
        // a long idea (about 3000 tokens): with the input documents, more than the window leaves for the prompt
        StringBuilder idea = new StringBuilder("A command-line recipe box that scales recipes.");
        for (int i = 1; i <= 300; i++) {
            idea.append(" Recipe ").append(i).append(" keeps its ingredients in grams.");
        }
        UUID id = startProject(idea.toString(), null);

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
        assertThat(byRole.get("tech-writer").path("inputTokens").asInt()).isEqualTo(2000);
        assertThat(byRole.get("tech-writer").path("outputTokens").asInt()).isEqualTo(500);
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

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder openAiAnswer(String content,
            String finishReason) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(openAiBody(content, finishReason));
    }

    private static String openAiBody(String content, String finishReason) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-answers").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", "gpt-4o-mini-2024-07-18");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason)
                .putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 500).put("total_tokens", 1500);
        return body.toString();
    }

    private int devopsCalls(UUID id) {
        return jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = 'devops'",
                Integer.class, id);
    }

    /** A stub of the chat completions endpoint for the projects whose idea carries {@code marker}. */
    private static MappingBuilder openAi(String marker) {
        return post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.response_format.json_schema.name", equalTo("deployment-guide")))
                // in the idea itself: recalled memories of other projects quote their ideas too
                .withRequestBody(matchingJsonPath("$.messages[1].content",
                        matching("(?s).*<idea>\\n[^\\n]*" + Pattern.quote(marker) + ".*")));
    }
}
