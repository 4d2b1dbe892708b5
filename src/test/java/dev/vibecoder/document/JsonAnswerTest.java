package dev.vibecoder.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonAnswerTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void takesTheObjectOutOfProseAndFences() {
        JsonAnswer.Parsed parsed = JsonAnswer.parse("Here you go:\n```json\n{\"a\": 1}\n```\nAnything else?", json);
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.content().path("a").asInt()).isEqualTo(1);
    }

    @Test
    void findsTheObjectWhenTheProseAroundItHasBracesOfItsOwn() {
        JsonAnswer.Parsed parsed = JsonAnswer.parse(
                "I filled in {name} below:\n```json\n{\"a\": {\"b\": 1}}\n```\nReplace {x} before use.", json);

        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.content().path("a").path("b").asInt()).isEqualTo(1);
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(JsonAnswer.parse("", json).errors()).containsExactly("$: the answer was empty; expected one JSON object");
        assertThat(JsonAnswer.parse("no json here", json).errors()).containsExactly("$: the answer contains no JSON object");
        assertThat(JsonAnswer.parse("{\"a\": }", json).errors()).singleElement()
                .asString().startsWith("$: the answer is not valid JSON (line 1, column");
    }
}
