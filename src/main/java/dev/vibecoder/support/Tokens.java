package dev.vibecoder.support;

/**
 * The hub's token estimate where no tokenizer is at hand (the offline provider's counts, prompt
 * budgets): about four characters of English or code a token.
 */
public final class Tokens {

    public static final int CHARS_PER_TOKEN = 4;

    private Tokens() {
    }

    public static int estimate(String text) {
        return text == null ? 0 : text.length() / CHARS_PER_TOKEN;
    }

    /** The characters that fit in this many tokens. */
    public static long chars(int tokens) {
        return (long) Math.max(0, tokens) * CHARS_PER_TOKEN;
    }
}
