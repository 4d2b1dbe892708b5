package dev.vibecoder.support;

import java.util.regex.Pattern;

/**
 * Text from people (ideas, issues, reviews) as a human reviewer sees it: the characters a screen does
 * not show, or shows in another order, are removed before the text goes anywhere near a prompt.
 * Controls but tab and newline; soft hyphen; Arabic letter mark; Mongolian vowel separator;
 * zero-width and direction marks; bidi embeddings, overrides and isolates; word joiner and invisible
 * operators; BOM; Unicode tag characters (U+E0000..U+E007F, "ASCII smuggling"). The text stays
 * untrusted after this: prompts still quote it as data.
 */
public final class VisibleText {

    private static final Pattern HIDDEN = Pattern.compile(
            "[\\p{Cc}&&[^\\n\\t]]|[\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F"
                    + "\\uFEFF]|[\\x{E0000}-\\x{E007F}]");

    private VisibleText() {
    }

    /** The text without hidden characters, line ends normalised to \n, trimmed; "" for null. */
    public static String of(String text) {
        if (text == null) {
            return "";
        }
        return HIDDEN.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("").strip();
    }
}
