package dev.vibecoder.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectEvent;
import dev.vibecoder.support.ProviderWire;
import dev.vibecoder.support.ThreeProvidersSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Real models' answers, through each provider's wire format and the real queues and database: the
 * stand-in answers the document in fences, after prose, cut off by its output limit (OpenAI
 * {@code finish_reason: length}, Anthropic {@code stop_reason: max_tokens} mid tool call, Ollama
 * {@code done_reason: length}) or against the schema first, as the idea asks, and every project
 * ends with the valid document, the retry and re-ask in its timeline. Fences and prose come from a
 * model that ignores the schema it was sent (older Ollama servers, proxies, a model writing text):
 * the hub must cope with them from any provider.
 */
class ModelAnswerShapesTest extends ThreeProvidersSupport {

    @Autowired
    DocumentStore documents;

    /** A role's first-call output limit and the raised one (config/models.yaml; Anthropic: its max-tokens). */
    record Limits(int first, int raised) {
    }

    static final Map<ProviderWire, Limits> LIMITS = Map.of(
            ProviderWire.OPENAI, new Limits(8192, 16384), // gpt-4o-mini: gpt-4o's entry
            ProviderWire.ANTHROPIC, new Limits(8192, 16384), // claude-sonnet-4-5: max-tokens 8192, at most 64000
            ProviderWire.OLLAMA, new Limits(4096, 8192)); // llama3.1

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void fencedProseWrappedCutOffAndSchemaViolatingAnswersAllEndInValidDocuments(ProviderWire wire) {
        Seat seat = seat(wire);
        String document = seat.document();
        String missing = lastRequired(seat.docType());
        ObjectNode invalid = (ObjectNode) readJson(document);
        invalid.remove(missing);
        String complaint = "$: required property '" + missing + "' not found";
        Limits limits = LIMITS.get(wire);
        String marker = "[answer:" + wire.name().toLowerCase();

        List<StubMapping> stubs = new ArrayList<>();
        stubs.add(STANDINS.stubFor(seat.request(marker + ":fenced]")
                .willReturn(wire.answer(seat.docType(), "```json\n" + document + "\n```"))));
        stubs.add(STANDINS.stubFor(seat.request(marker + ":prose]").willReturn(wire.answer(seat.docType(),
                "Sure! Here is the document for your project:\n\n" + document + "\n\nGood luck."))));
        stubs.add(STANDINS.stubFor(wire.limit(seat.request(marker + ":truncated]"), limits.first())
                .willReturn(wire.answer(seat.docType(), wire.cut(document), true))));
        stubs.add(STANDINS.stubFor(wire.limit(seat.request(marker + ":truncated]"), limits.raised())
                .willReturn(seat.answer())));
        stubs.add(STANDINS.stubFor(wire.firstAsk(seat.request(marker + ":invalid-first]"))
                .willReturn(wire.answer(seat.docType(), invalid.toString()))));
        stubs.add(STANDINS.stubFor(wire.reask(seat.request(marker + ":invalid-first]"), complaint)
                .willReturn(seat.answer())));
        // any other call of these projects' role is one the test did not expect: refused, so the project fails
        stubs.add(STANDINS.stubFor(seat.request(marker).atPriority(2).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"unexpected request\"}"))));
        Map<String, UUID> started = new LinkedHashMap<>();
        try {
            for (String shape : List.of("fenced", "prose", "truncated", "invalid-first")) {
                started.put(shape, startProject("A command-line habit tracker " + marker + ":" + shape + "]",
                        "quick-prototype"));
            }
            started.forEach((shape, id) -> assertThat(awaitFinished(id).status()).as(wire + " " + shape + ": "
                    + projects.get(id).orElseThrow().statusReason()).isEqualTo(Project.Status.COMPLETED));
        } finally {
            stubs.forEach(STANDINS::removeStub);
        }

        for (UUID id : List.of(started.get("fenced"), started.get("prose"))) {
            Document stored = documents.latest(id, seat.docType()).orElseThrow();
            assertThat(stored.content()).isEqualTo(readJson(document));
            assertThat(stored.llmCalls()).isEqualTo(1);
            assertThat(events(id, "step.reask")).isEmpty();
        }

        UUID truncated = started.get("truncated");
        Document whole = documents.latest(truncated, seat.docType()).orElseThrow();
        assertThat(whole.content()).isEqualTo(readJson(document));
        assertThat(whole.llmCalls()).isEqualTo(2);
        assertThat(events(truncated, "step.truncated")).singleElement().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo(seat.stepId());
            assertThat(e.message()).contains("cut off at its output limit of " + limits.first() + " tokens")
                    .contains("asking again with " + limits.raised());
        });
        // the cut-off answer was not read, so not found invalid either
        assertThat(events(truncated, "step.reask")).isEmpty();
        assertThat(calls(truncated, seat.role())).isEqualTo(2);

        UUID reasked = started.get("invalid-first");
        assertThat(documents.latest(reasked, seat.docType()).orElseThrow().content()).isEqualTo(readJson(document));
        assertThat(events(reasked, "step.reask")).singleElement().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo(seat.stepId());
            assertThat(e.message()).contains("required property '" + missing + "' not found");
        });
        assertThat(calls(reasked, seat.role())).isEqualTo(2);
    }

    private List<ProjectEvent> events(UUID id, String kind) {
        return projects.events(id, 0).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    private int calls(UUID id, String role) {
        return jdbc.queryForObject("select count(*) from llm_calls where project_id = ? and role = ?",
                Integer.class, id, role);
    }

    /** The last property the document type's schema requires: the one an invalid answer leaves out. */
    private static String lastRequired(String docType) {
        JsonNode required = ProviderWire.schema(docType).path("required");
        return required.get(required.size() - 1).asText();
    }
}
