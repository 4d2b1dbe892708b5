package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of a failed workspace check or test run, in the two forms memory needs. The
 * {@link #of excerpt} is what a failure is stored and recalled by: the end of the tool output (where
 * the error is), without the sandbox's paths; the store embeds its {@link FailureSignature gist}, so
 * the same function serves the failure, the reflection that answers it and the query of a fixer
 * meeting a new failure. The {@link #summary} is what a prompt shows: the failure's name and the
 * lines that say what went wrong.
 */
public final class FailureText {

    /** Characters of output kept: the tail, where tracebacks and compiler summaries end. */
    static final int EXCERPT_CHARS = 2000;
    /** Characters of a summary shown in a prompt. */
    static final int SUMMARY_CHARS = 600;

    private static final Pattern TELLING = Pattern.compile(
            "\\b(\\w*Error|\\w*Exception|FAIL|FAILED|ERROR|assert\\w*|error:|missing|cannot|not found|Caused by)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOISE = Pattern.compile("^(Ran \\d+ tests? in .*|[.EFs]+|-+|=+|OK.*)$");
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

    /** The failure's name and the lines that tell what went wrong, each once; the last lines when none tell. */
    public static String summary(String output) {
        Set<String> lines = new LinkedHashSet<>();
        String[] all = excerpt(output).split("\\R");
        for (String raw : all) {
            String line = raw.strip();
            if (!line.isEmpty() && !NOISE.matcher(line).matches() && TELLING.matcher(line).find()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            for (int i = Math.max(0, all.length - 8); i < all.length; i++) {
                if (!all[i].isBlank()) {
                    lines.add(all[i].strip());
                }
            }
        }
        String text = FailureSignature.of(output).name() + "\n" + String.join("\n", lines);
        return text.length() <= SUMMARY_CHARS ? text : text.substring(0, SUMMARY_CHARS) + FailureSignature.ELIDED;
    }
}
