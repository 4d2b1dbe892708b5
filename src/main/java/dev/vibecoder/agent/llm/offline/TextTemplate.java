package dev.vibecoder.agent.llm.offline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest template language the Python files need: {@code <<name>>} placeholders and
 * {@code %if flag} / {@code %else} / {@code %end} lines. Its markers cannot be confused with Python
 * ({@code {{ }}} would clash with f-strings), and an unknown placeholder is a bug in a template, so
 * it fails loudly instead of shipping broken code.
 */
final class TextTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("<<([A-Za-z_]+)>>");

    private TextTemplate() {
    }

    static String render(String template, Map<String, String> values, Set<String> flags) {
        StringBuilder out = new StringBuilder();
        // each entry: whether the enclosing branch is being written
        Deque<Boolean> writing = new ArrayDeque<>();
        Deque<Boolean> conditions = new ArrayDeque<>();
        for (String line : template.split("\n", -1)) {
            String directive = line.strip();
            if (directive.startsWith("%if ")) {
                boolean condition = flags.contains(directive.substring(4).strip());
                conditions.push(condition);
                writing.push(isWriting(writing) && condition);
            } else if (directive.equals("%else")) {
                boolean condition = conditions.peek();
                writing.pop();
                writing.push(isWriting(writing) && !condition);
            } else if (directive.equals("%end")) {
                writing.pop();
                conditions.pop();
            } else if (isWriting(writing)) {
                out.append(substitute(line, values)).append('\n');
            }
        }
        if (!writing.isEmpty()) {
            throw new IllegalStateException("template has an %if without %end");
        }
        // split/append adds one newline for the last fragment; keep the template's own ending
        return out.substring(0, out.length() - 1);
    }

    private static boolean isWriting(Deque<Boolean> writing) {
        return writing.stream().allMatch(Boolean::booleanValue);
    }

    private static String substitute(String line, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template placeholder <<" + matcher.group(1) + ">> has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
