package dev.vibecoder.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of the user message a role sends: the task, the idea, the input documents and what the
 * role's memory recalled, each in its own tag. Untrusted text (the idea, other agents' documents) is always inside a tag the system
 * prompt declares as data, and any protocol tag inside it is neutralised so it can neither close its
 * own tag nor forge another. The
 * offline provider reads prompts back with {@link #read}, so both sides share this one definition.
 */
public final class PromptProtocol {

    private static final Pattern TASK = Pattern.compile(
            "<task document-type=\"([a-z0-9-]+)\" step=\"([^\"]*)\"(?: item=\"([^\"]*)\")?/>");
    private static final Pattern IDEA = Pattern.compile("<idea>\\n(.*?)\\n</idea>", Pattern.DOTALL);
    private static final Pattern DOCUMENT = Pattern.compile(
            "<document type=\"([a-z0-9-]+)\" version=\"(\\d+)\">\\n(.*?)\\n</document>", Pattern.DOTALL);
    private static final Pattern FEEDBACK = Pattern.compile("<feedback>\\n(.*?)\\n</feedback>", Pattern.DOTALL);
    private static final Pattern MEMORY = Pattern.compile(
            "<memory kind=\"([a-z-]+)\" similarity=\"([0-9.]+)\">\\n(.*?)\\n</memory>", Pattern.DOTALL);
    /** Any opening or closing tag of the protocol, wherever untrusted text might try to forge one. */
    private static final Pattern PROTOCOL_TAG = Pattern.compile("<(/?)(task|idea|document|feedback|memory)\\b");

    private PromptProtocol() {
    }

    public record InputDocument(String type, int version, String json) {
    }

    /** Something the role's memory recalled for this task: a lesson, a fix, an earlier outcome. */
    public record RecalledMemory(String kind, double similarity, String text) {
    }

    /**
     * What a prompt asks for, read back from its text.
     *
     * @param item the part of the work this request covers (the task id of a fan-out step), or null
     */
    public record Request(String documentType, String stepId, String item, String idea, List<InputDocument> inputs,
            List<RecalledMemory> memories, String feedback) {
        public InputDocument input(String type) {
            return inputs.stream().filter(d -> d.type().equals(type)).findFirst().orElse(null);
        }
    }

    public static String write(String documentType, String stepId, String idea, List<InputDocument> inputs,
            String feedback) {
        return write(documentType, stepId, null, idea, inputs, List.of(), feedback);
    }

    public static String write(String documentType, String stepId, String item, String idea,
            List<InputDocument> inputs, List<RecalledMemory> memories, String feedback) {
        StringBuilder text = new StringBuilder();
        text.append("<task document-type=\"").append(documentType).append("\" step=\"").append(stepId).append('"');
        if (item != null && !item.isEmpty()) {
            text.append(" item=\"").append(item).append('"');
        }
        text.append("/>\n");
        text.append("<idea>\n").append(neutraliseText(idea)).append("\n</idea>\n");
        for (InputDocument input : inputs) {
            text.append("<document type=\"").append(input.type()).append("\" version=\"").append(input.version())
                    .append("\">\n").append(neutraliseJson(input.json())).append("\n</document>\n");
        }
        for (RecalledMemory memory : memories) {
            text.append("<memory kind=\"").append(memory.kind()).append("\" similarity=\"")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", memory.similarity())).append("\">\n")
                    .append(neutraliseText(memory.text())).append("\n</memory>\n");
        }
        if (feedback != null && !feedback.isBlank()) {
            text.append("<feedback>\n").append(neutraliseText(feedback)).append("\n</feedback>\n");
        }
        return text.toString();
    }

    /** Reads a prompt written by {@link #write}; null when the text holds no task. */
    public static Request read(String text) {
        Matcher task = TASK.matcher(text);
        if (!task.find()) {
            return null;
        }
        Matcher idea = IDEA.matcher(text);
        List<InputDocument> inputs = new ArrayList<>();
        Matcher doc = DOCUMENT.matcher(text);
        while (doc.find()) {
            inputs.add(new InputDocument(doc.group(1), Integer.parseInt(doc.group(2)), doc.group(3)));
        }
        List<RecalledMemory> memories = new ArrayList<>();
        Matcher memory = MEMORY.matcher(text);
        while (memory.find()) {
            memories.add(new RecalledMemory(memory.group(1), Double.parseDouble(memory.group(2)), memory.group(3)));
        }
        Matcher feedback = FEEDBACK.matcher(text);
        return new Request(task.group(1), task.group(2), task.group(3), idea.find() ? idea.group(1) : "", inputs,
                memories, feedback.find() ? feedback.group(1) : null);
    }

    /** In plain text a protocol tag's {@code <} becomes {@code &lt;}: readable, inert. */
    private static String neutraliseText(String text) {
        return PROTOCOL_TAG.matcher(text).replaceAll("&lt;$1$2");
    }

    /**
     * In JSON a protocol tag's {@code <} (which can only occur inside a string) becomes the escape
     * {@code \\u003c}: inert in the prompt, and the very same string once parsed.
     */
    private static String neutraliseJson(String json) {
        return PROTOCOL_TAG.matcher(json).replaceAll("\\\\u003c$1$2");
    }
}
