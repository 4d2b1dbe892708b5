package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a failed workspace check or test run, in the two forms memory needs. The
 * {@link #of excerpt} is what a failure is stored and recalled by: the end of the tool output (where
 * the error is), without the sandbox's paths; the store embeds its {@link FailureSignature gist}, and
 * a fixer meeting a new failure looks for it the same way. The {@link #summary} is what a prompt
 * shows: the failure's name and the line its signature was read from, with the lines around it.
 */
public final class FailureText {

    /** Characters of output kept: the tail, where tracebacks and compiler summaries end. */
    static final int EXCERPT_CHARS = 2000;
    /** Characters of a summary shown in a prompt. */
    static final int SUMMARY_CHARS = 600;
    /** Lines shown before the signature's line: a traceback's last frame. */
    static final int LINES_BEFORE = 2;
    /** Lines shown after it: a compiler's source line, caret and symbol. */
    static final int LINES_AFTER = 3;
    /** Lines shown, from the end, of an output in which no line was recognised. */
    static final int LAST_LINES = 5;

    private static final Pattern SANDBOX_PATH = Pattern.compile("/workspace/|/tmp/[\\w.-]+/");

    private FailureText() {
    }

    /** The output of a failed workspace or test-report document; empty when it did not fail. */
    public static String of(Document failed) {
        if (!failed.failed()) {
            return "";
        }
        JsonNode content = failed.content();
        if (failed.docType().equals("test-report")) {
            return excerpt(content.path("outputExcerpt").asText(""));
        }
        StringBuilder text = new StringBuilder(content.path("check").path("output").asText(""));
        for (JsonNode missing : content.path("check").path("missingFiles")) {
            text.append("\nmissing file: ").append(missing.asText());
        }
        return excerpt(text.toString());
    }

    /** The tail of tool output, without the sandbox's paths. */
    public static String excerpt(String output) {
        String text = SANDBOX_PATH.matcher(output == null ? "" : output).replaceAll("").strip();
        return text.length() <= EXCERPT_CHARS ? text : text.substring(text.length() - EXCERPT_CHARS);
    }

    /**
     * A failure's name ({@link FailureSignature#name}) and the line its signature was read from, with
     * a few lines around it; the last lines when its signature was read from none.
     *
     * @param failure a failure text as {@link #of} gives it
     */
    public static String summary(String failure) {
        FailureSignature signature = FailureSignature.of(failure);
        List<String> lines = FailureSignature.lines(failure);
        int at = signature.line().isEmpty() ? -1 : lines.lastIndexOf(signature.line());
        List<String> shown = at < 0 ? lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size())
                : lines.subList(Math.max(0, at - LINES_BEFORE), Math.min(lines.size(), at + LINES_AFTER + 1));
        String text = shown.isEmpty() ? signature.name() : signature.name() + "\n" + String.join("\n", shown);
        return text.length() <= SUMMARY_CHARS ? text : text.substring(0, SUMMARY_CHARS) + FailureSignature.ELIDED;
    }
}
