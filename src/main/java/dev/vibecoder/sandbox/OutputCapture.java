package dev.vibecoder.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the head and the tail of a stream of unknown length in fixed memory: the first half of the
 * budget as it arrives, the rest in a ring that always holds the latest bytes. A run's beginning
 * (what was started, the first error) and its end (the summary, the traceback that killed it) are
 * what a reader needs; the middle of a runaway loop's output is not.
 */
final class OutputCapture {

    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    private long tailWritten;
    private long total;

    OutputCapture(int limitBytes) {
        if (limitBytes < 2) {
            throw new IllegalArgumentException("limitBytes must be at least 2: " + limitBytes);
        }
        head = new byte[limitBytes / 2];
        tail = new byte[limitBytes - head.length];
    }

    /** Reads the stream to its end (or until it is closed under us). */
    void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                append(buffer, 0, n);
            }
        } catch (IOException closed) {
            // the run is over and its stream was closed to stop waiting for it: keep what arrived
        }
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, head.length - headLength);
        System.arraycopy(bytes, offset, head, headLength, toHead);
        headLength += toHead;
        offset += toHead;
        length -= toHead;
        if (length > tail.length) {
            // only the last tail.length bytes of this chunk can survive
            tailWritten += length - tail.length;
            offset += length - tail.length;
            length = tail.length;
        }
        while (length > 0) {
            int at = (int) (tailWritten % tail.length);
            int n = Math.min(length, tail.length - at);
            System.arraycopy(bytes, offset, tail, at, n);
            tailWritten += n;
            offset += n;
            length -= n;
        }
    }

    synchronized boolean truncated() {
        return tailWritten > tail.length;
    }

    /**
     * The output as text: everything if it fitted, else head, a marker naming how many bytes were cut,
     * and tail, each cut at a character boundary. NUL characters become U+FFFD: PostgreSQL stores
     * neither text nor JSON containing them, and the output ends up in a document.
     */
    synchronized String text() {
        byte[] ring = ringInOrder();
        String text;
        if (!truncated()) {
            byte[] all = new byte[headLength + ring.length];
            System.arraycopy(head, 0, all, 0, headLength);
            System.arraycopy(ring, 0, all, headLength, ring.length);
            text = new String(all, StandardCharsets.UTF_8);
        } else {
            int headEnd = completeCharactersEnd(head, headLength);
            int tailStart = firstCharacterStart(ring);
            long cut = total - headEnd - (ring.length - tailStart);
            text = new String(head, 0, headEnd, StandardCharsets.UTF_8)
                    + "\n[... " + cut + " bytes of output cut ...]\n"
                    + new String(ring, tailStart, ring.length - tailStart, StandardCharsets.UTF_8);
        }
        return text.replace('\0', '\uFFFD');
    }

    private byte[] ringInOrder() {
        int length = (int) Math.min(tailWritten, tail.length);
        byte[] ordered = new byte[length];
        if (tailWritten <= tail.length) {
            System.arraycopy(tail, 0, ordered, 0, length);
        } else {
            int oldest = (int) (tailWritten % tail.length);
            System.arraycopy(tail, oldest, ordered, 0, tail.length - oldest);
            System.arraycopy(tail, 0, ordered, tail.length - oldest, oldest);
        }
        return ordered;
    }

    /** The end of the last complete UTF-8 sequence within {@code bytes[0, length)}. */
    static int completeCharactersEnd(byte[] bytes, int length) {
        // a sequence is at most 4 bytes: look back for the lead byte of the last one
        for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                return length;                         // ASCII: complete
            }
            if (b >= 0xC0) {                           // lead byte of a multi-byte sequence
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return length - i >= needed ? length : i;
            }
            // continuation byte: keep looking for its lead
        }
        return length;                                 // not UTF-8 here: nothing to protect
    }

    /** The index of the first byte that does not continue a sequence begun before {@code bytes}. */
    static int firstCharacterStart(byte[] bytes) {
        int i = 0;
        while (i < Math.min(3, bytes.length) && (bytes[i] & 0xC0) == 0x80) {
            i++;
        }
        return i;
    }
}
