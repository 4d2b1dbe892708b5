package dev.vibecoder.engineering;

/**
 * Output cut to a size a document (and a prompt that reads it) can carry: the head says what ran,
 * the tail says how it ended, so both are kept and the cut is marked.
 */
final class Excerpts {

    /** Characters of tool output kept in a document. */
    static final int DOCUMENT_CHARS = 8000;

    private Excerpts() {
    }

    static String of(String output, int limit) {
        if (output == null) {
            return "";
        }
        if (output.length() <= limit) {
            return output;
        }
        int head = limit / 4;
        int tail = limit - head;
        int cut = output.length() - head - tail;
        return output.substring(0, head) + "\n[... " + cut + " characters cut ...]\n"
                + output.substring(output.length() - tail);
    }
}
