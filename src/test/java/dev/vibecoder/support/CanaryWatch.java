package dev.vibecoder.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks for a few strings in a byte stream that arrives in chunks (a connection's traffic), without
 * keeping the stream: a string cut in two by a chunk boundary is still found, because the last
 * bytes of each chunk are kept for the next. Counts how often each string was seen.
 */
public final class CanaryWatch {

    /** Each needle, and its UTF-8 bytes as ISO-8859-1 chars: one char per byte, so it matches the stream bytewise. */
    private final Map<String, String> needles = new ConcurrentHashMap<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    public CanaryWatch(List<String> needles) {
        needles.forEach(this::watch);
    }

    /** Looks for this string too, from now on (in the chunks that come next). */
    public void watch(String needle) {
        needles.put(needle, new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** One stream's reader: feed it the stream's chunks in order. */
    public Stream stream() {
        return new Stream();
    }

    /** How often each string was seen, by string; strings never seen are absent. */
    public Map<String, Integer> seen() {
        return Map.copyOf(seen);
    }

    public final class Stream {
        private String tail = "";

        /** The next chunk of the stream. */
        public synchronized void feed(byte[] buffer, int offset, int length) {
            String window = tail + new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
            int keep = 0;
            for (Map.Entry<String, String> needle : needles.entrySet()) {
                String bytes = needle.getValue();
                keep = Math.max(keep, bytes.length() - 1);
                // only matches that end in the new chunk: those within the tail were counted with the chunk before
                for (int at = window.indexOf(bytes); at >= 0; at = window.indexOf(bytes, at + 1)) {
                    if (at + bytes.length() > tail.length()) {
                        seen.merge(needle.getKey(), 1, Integer::sum);
                    }
                }
            }
            tail = window.substring(Math.max(0, window.length() - keep));
        }
    }
}
