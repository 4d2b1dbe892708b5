package dev.vibecoder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputCaptureTest {

    @Test
    void outputWithinTheLimitIsKeptWhole() {
        OutputCapture capture = capture(16, "0123456789abcdef");
        assertThat(capture.truncated()).isFalse();
        assertThat(capture.text()).isEqualTo("0123456789abcdef");
    }

    @Test
    void longerOutputKeepsItsHeadAndLatestTailAndCountsWhatWasCut() {
        OutputCapture capture = new OutputCapture(10);
        for (String chunk : new String[] {"head-", "middle-middle-", "xx", "-tail"}) {
            byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
            capture.append(bytes, 0, bytes.length);
        }
        assertThat(capture.truncated()).isTrue();
        assertThat(capture.text()).isEqualTo("head-\n[... 16 bytes of output cut ...]\n-tail");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 18, 19, 20, 21, 33, 101})
    void noCharacterIsSplitWhereverTheCutFalls(int limit) {
        // 1-, 2-, 3- and 4-byte characters, so that every cut position lands inside some of them
        String text = "aé€😀".repeat(40);
        String kept = capture(limit, text).text();
        assertThat(kept).doesNotContain("\uFFFD");
        String[] parts = kept.split("\n\\[\\.\\.\\. \\d+ bytes of output cut \\.\\.\\.]\n");
        assertThat(parts).hasSize(2);
        assertThat(text).startsWith(parts[0]).endsWith(parts[1]);
        assertThat(parts[0].getBytes(StandardCharsets.UTF_8).length + parts[1].getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(limit).isGreaterThan(limit - 8);
    }

    @Test
    void aStreamFarLargerThanTheLimitIsDrainedInFixedMemory() {
        long size = 200L * 1024 * 1024;
        InputStream endless = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) (left <= n ? 'z' : 'x'));
                left -= n;
                return n;
            }
        };
        OutputCapture capture = new OutputCapture(64);
        capture.drain(endless);
        assertThat(capture.text()).isEqualTo("x".repeat(32) + "\n[... " + (size - 64) + " bytes of output cut ...]\n"
                + "z".repeat(32));
    }

    @Test
    void nulCharactersAreReplacedSinceTheOutputEndsUpInPostgres() {
        assertThat(capture(64, "a\0b").text()).isEqualTo("a\uFFFDb");
    }

    private static OutputCapture capture(int limit, String text) {
        OutputCapture capture = new OutputCapture(limit);
        capture.drain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return capture;
    }
}
