package dev.vibecoder.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.support.Tokens;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** Fitting a prompt's inputs into a token budget: what goes first, what stays, and what is recorded. */
class PromptFitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The prompt's size as its parts laid out together, as the assembler measures it. */
    private static final ToIntFunction<PromptFit.Inputs> SIZE = in -> Tokens.estimate(in.idea
            + (in.feedback == null ? "" : in.feedback) + in.documents + in.memories.stream()
                    .map(PromptProtocol.RecalledMemory::text).reduce("", String::concat));

    @Test
    void inputsThatFitAreLeftAsTheyAre() {
        PromptFit.Inputs inputs = inputs("x".repeat(400), 2);

        assertThat(PromptFit.fit(inputs, SIZE, 10_000)).isEmpty();
        assertThat(inputs.memories).hasSize(2);
    }

    @Test
    void memoriesGoFirstTheLeastSimilarBeforeTheOthers() {
        PromptFit.Inputs inputs = inputs("short", 2);
        int withoutLastMemory = SIZE.applyAsInt(inputs) - Tokens.estimate(inputs.memories.get(1).text());

        List<String> cuts = PromptFit.fit(inputs, SIZE, withoutLastMemory);

        assertThat(cuts).containsExactly("left out 1 recalled memory (about 500 tokens)");
        assertThat(inputs.memories).extracting(PromptProtocol.RecalledMemory::similarity).containsExactly(0.9);
    }

    @Test
    void thenTheLongestTextsOfTheDocumentsAreCutInTheMiddleAndTheDocumentsStayJson() {
        String output = "Traceback start\n" + "noise line\n".repeat(2000) + "AssertionError: the real error";
        PromptFit.Inputs inputs = inputs(output, 0);
        int budget = SIZE.applyAsInt(inputs) - 4000;

        List<String> cuts = PromptFit.fit(inputs, SIZE, budget);

        assertThat(SIZE.applyAsInt(inputs)).isLessThanOrEqualTo(budget);
        assertThat(cuts).singleElement().asString().startsWith("shortened test-report v1 by about");
        JsonNode report = inputs.documents.get(0);
        String cut = report.path("outputExcerpt").asText();
        assertThat(cut).startsWith("Traceback start").endsWith("AssertionError: the real error")
                .contains("characters cut to fit the context window");
        // the short fields are untouched
        assertThat(report.path("outcome").asText()).isEqualTo("failed");
    }

    @Test
    void inputsThatCannotBeCutEnoughFailTheStepInsteadOfOverflowingTheWindow() {
        PromptFit.Inputs inputs = inputs("x".repeat(100), 0);

        assertThatThrownBy(() -> PromptFit.fit(inputs, SIZE, 10)).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("does not fit the model's context window");
    }

    private static PromptFit.Inputs inputs(String output, int memories) {
        ObjectNode report = JSON.createObjectNode().put("outcome", "failed").put("outputExcerpt", output);
        List<PromptProtocol.RecalledMemory> recalled = List.of(
                new PromptProtocol.RecalledMemory("lesson", 0.9, "m".repeat(2000)),
                new PromptProtocol.RecalledMemory("lesson", 0.5, "n".repeat(2000)));
        return new PromptFit.Inputs("An idea", null, List.of("test-report v1"), List.of(report),
                recalled.subList(0, memories));
    }
}
