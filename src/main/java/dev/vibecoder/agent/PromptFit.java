package dev.vibecoder.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vibecoder.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Fits a prompt's inputs into the tokens the model's context window leaves for them, cutting by
 * priority, least needed first: recalled memories (the least similar first), then the longest texts
 * inside the input documents (a file's content, a test run's output), then the feedback, then the
 * idea. A text is cut in its middle, so its start and its end (where a traceback ends) stay, and a
 * marker says how much is missing; documents stay valid JSON. What was cut is listed for the
 * project's timeline. When even the cut inputs do not fit, the step fails rather than send a call
 * the provider must refuse.
 */
final class PromptFit {

    /** Characters a text is never cut below: enough to show what it was. */
    static final int MIN_CHARS = 240;

    /** The inputs of a prompt, as they will be laid out; changed in place while fitting. */
    static final class Inputs {
        String idea;
        String feedback;
        final List<String> documentNames;
        final List<JsonNode> documents;
        final List<PromptProtocol.RecalledMemory> memories;

        Inputs(String idea, String feedback, List<String> documentNames, List<JsonNode> documents,
                List<PromptProtocol.RecalledMemory> memories) {
            this.idea = idea;
            this.feedback = feedback;
            this.documentNames = documentNames;
            this.documents = new ArrayList<>(documents.stream().<JsonNode>map(JsonNode::deepCopy).toList());
            this.memories = new ArrayList<>(memories);
        }
    }

    private PromptFit() {
    }

    /**
     * Cuts {@code inputs} until {@code size} (the tokens of the whole prompt laid out from them) is
     * at most {@code budget}.
     *
     * @return what was cut, one line each; empty when everything fitted as it was
     */
    static List<String> fit(Inputs inputs, ToIntFunction<Inputs> size, int budget) {
        List<String> cuts = new ArrayList<>();
        int dropped = 0;
        int droppedTokens = 0;
        while (size.applyAsInt(inputs) > budget && !inputs.memories.isEmpty()) {
            PromptProtocol.RecalledMemory last = inputs.memories.remove(inputs.memories.size() - 1);
            dropped++;
            droppedTokens += Tokens.estimate(last.text());
        }
        if (dropped > 0) {
            cuts.add("left out " + dropped + " recalled memor" + (dropped == 1 ? "y" : "ies") + " (about "
                    + droppedTokens + " tokens)");
        }
        for (int i = 0; i < inputs.documents.size(); i++) {
            int removed = shortenTexts(inputs.documents.get(i), inputs, size, budget);
            if (removed > 0) {
                cuts.add("shortened " + inputs.documentNames.get(i) + " by about " + tokens(removed)
                        + " tokens");
            }
        }
        if (inputs.feedback != null) {
            int before = inputs.feedback.length();
            inputs.feedback = shorten(inputs.feedback, excess(inputs, size, budget));
            if (inputs.feedback.length() < before) {
                cuts.add("shortened the feedback by about " + tokens(before - inputs.feedback.length())
                        + " tokens");
            }
        }
        int before = inputs.idea.length();
        inputs.idea = shorten(inputs.idea, excess(inputs, size, budget));
        if (inputs.idea.length() < before) {
            cuts.add("shortened the idea by about " + tokens(before - inputs.idea.length())
                    + " tokens");
        }
        int tokens = size.applyAsInt(inputs);
        if (tokens > budget) {
            throw new StepFailedException("the prompt does not fit the model's context window: about " + tokens
                    + " tokens after cutting every input, " + budget + " available");
        }
        return cuts;
    }

    private static int tokens(int chars) {
        return chars / Tokens.CHARS_PER_TOKEN;
    }

    /** Characters to cut for the prompt to fit: its excess tokens, as characters; 0 when it fits. */
    private static int excess(Inputs inputs, ToIntFunction<Inputs> size, int budget) {
        return (int) Tokens.chars(size.applyAsInt(inputs) - budget);
    }

    /**
     * Cuts the texts of a document, longest first, until the prompt fits or every text is down to
     * {@link #MIN_CHARS}. Each cut takes what is still missing from one text, so the longest texts
     * lose most and short fields are left alone.
     *
     * @return the characters removed
     */
    private static int shortenTexts(JsonNode document, Inputs inputs, ToIntFunction<Inputs> size, int budget) {
        List<Text> texts = new ArrayList<>();
        collect(document, texts);
        texts.sort(java.util.Comparator.comparingInt((Text t) -> t.value().length()).reversed());
        int removed = 0;
        for (Text text : texts) {
            int excess = excess(inputs, size, budget);
            if (excess <= 0) {
                break;
            }
            String cut = shorten(text.value(), excess);
            if (cut.length() < text.value().length()) {
                removed += text.value().length() - cut.length();
                text.replace().accept(cut);
            }
        }
        return removed;
    }

    /** A text inside a document, and how to put a shorter one in its place. */
    private record Text(String value, Consumer<String> replace) {
    }

    private static void collect(JsonNode node, List<Text> texts) {
        if (node instanceof ObjectNode object) {
            for (var field : object.properties()) {
                if (field.getValue().isTextual()) {
                    texts.add(new Text(field.getValue().asText(), v -> object.put(field.getKey(), v)));
                } else {
                    collect(field.getValue(), texts);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                if (array.get(i).isTextual()) {
                    texts.add(new Text(array.get(i).asText(), v -> array.set(index, TextNode.valueOf(v))));
                } else {
                    collect(array.get(i), texts);
                }
            }
        }
    }

    /**
     * The text without about {@code chars} characters from its middle (and the marker's own length),
     * never below {@link #MIN_CHARS}; the text itself when nothing needs cutting.
     */
    static String shorten(String text, int chars) {
        if (text == null || chars <= 0 || text.length() <= MIN_CHARS) {
            return text;
        }
        int cut = Math.min(text.length() - MIN_CHARS, chars + marker(chars).length());
        if (cut <= marker(cut).length()) {
            return text;
        }
        int keep = text.length() - cut;
        int head = keep / 2;
        return text.substring(0, head) + marker(cut) + text.substring(text.length() - (keep - head));
    }

    private static String marker(int chars) {
        return "\n[... " + chars + " characters cut to fit the context window ...]\n";
    }
}
