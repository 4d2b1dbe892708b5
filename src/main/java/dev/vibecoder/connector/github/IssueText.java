package dev.vibecoder.connector.github;

import dev.vibecoder.support.VisibleText;
import java.util.regex.Pattern;

/**
 * Text from GitHub (issue titles and bodies, comments, reviews), cleaned before it goes anywhere near
 * a prompt. Anyone who can write an issue can write into it, so what a maintainer reviewing it on
 * GitHub cannot see is removed: HTML comments (GitHub does not render them) and the characters
 * {@link VisibleText} removes. The text stays untrusted after this: prompts still quote it as data.
 */
public final class IssueText {

    /** An HTML comment, or an unterminated one, which hides everything after it. */
    private static final Pattern HTML_COMMENT = Pattern.compile("<!--.*?(?:-->|\\z)", Pattern.DOTALL);
    static final String TRUNCATED = "\n\n[the rest of the issue was cut: it was longer than the hub accepts]";

    private IssueText() {
    }

    /** The text as a reviewer sees it on GitHub: hidden parts removed, line ends normalised, trimmed. */
    public static String visible(String text) {
        return text == null ? "" : VisibleText.of(HTML_COMMENT.matcher(text).replaceAll(""));
    }

    /** An issue as an idea: its visible title, a blank line, its visible body; at most {@code maxLength} characters. */
    public static String idea(String title, String body, int maxLength) {
        String visibleTitle = visible(title).replace('\n', ' ');
        String visibleBody = visible(body);
        String idea = visibleBody.isEmpty() ? visibleTitle
                : visibleTitle.isEmpty() ? visibleBody : visibleTitle + "\n\n" + visibleBody;
        return cap(idea, maxLength);
    }

    /** The text cut to at most {@code maxLength} characters, saying so where it was cut. */
    public static String cap(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        if (maxLength <= TRUNCATED.length()) {
            return cutAt(text, maxLength);
        }
        return cutAt(text, maxLength - TRUNCATED.length()).stripTrailing() + TRUNCATED;
    }

    /** Never splits a surrogate pair. */
    private static String cutAt(String text, int length) {
        int end = length;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
