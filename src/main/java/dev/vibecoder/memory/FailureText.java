package dev.vibecoder.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.document.Document;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a failure is remembered and recalled by: the lines of a failed check or test run that say
 * what went wrong (errors, failing tests, assertion messages, missing files), without the noise a
 * run adds (timings, temporary paths, progress dots). The same text is embedded for the failure,
 * for the reflection that answers it, and as the query when the fixer meets a new failure, so that
 * similar failures find each other.
 */
public final class FailureText {

    /** Characters of a failure signature: about what the embedding model reads (256 word pieces). */
    static final int MAX_CHARS = 1000;

    private static final Pattern TELLING = Pattern.compile(
            "\\b(\\w*Error|\\w*Exception|FAIL|FAILED|ERROR|assert\\w*|error:|missing|cannot|not found|Caused by)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOISE = Pattern.compile("^(Ran \\d+ tests? in .*|[.EFs]+|-+|=+|OK.*)$");
    private static final Pattern SANDBOX_PATH = Pattern.compile("(/workspace/|/tmp/[\\w.-]+/)");

    private FailureText() {
    }

    /** The signature of a failed workspace or test-report document; empty when it did not fail. */
    public static String of(Document failed) {
        if (!failed.failed()) {
            return "";
        }
        JsonNode content = failed.content();
        if (failed.docType().equals("test-report")) {
            return signature(content.path("outputExcerpt").asText(""));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode missing : content.path("check").path("missingFiles")) {
            text.append("missing file: ").append(missing.asText()).append('\n');
        }
        text.append(content.path("check").path("output").asText(""));
        return signature(text.toString());
    }

    /** The telling lines of tool output, in order, each once; the last lines when none tell. */
    public static String signature(String output) {
        Set<String> lines = new LinkedHashSet<>();
        String[] all = output.split("\\R");
        for (String raw : all) {
            String line = SANDBOX_PATH.matcher(raw.strip()).replaceAll("");
            if (!line.isEmpty() && !NOISE.matcher(line).matches() && TELLING.matcher(line).find()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            for (int i = Math.max(0, all.length - 8); i < all.length; i++) {
                if (!all[i].isBlank()) {
                    lines.add(SANDBOX_PATH.matcher(all[i].strip()).replaceAll(""));
                }
            }
        }
        // the generalised name first: raw lines of one cause differ in names and numbers, their name does not
        String text = FailureSignature.of(output).name() + "\n" + String.join("\n", lines);
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    }
}
