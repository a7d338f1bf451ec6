package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time search against a byte-at-a-time one, at every start and end of small arrays
 * and over random ones: a wrong mask would cut a line in the wrong place or copy a byte into JSON
 * that needs escaping.
 */
final class ScanTest {
    private static int newlineByBytes(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int specialByBytes(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes around every edge the masks test: below and at space, the quote, backslash, DEL, the top bit. */
    private static final int[] EDGES = {0x00, 0x01, '\t', '\n', 0x0b, 0x1f, ' ', '!', '"', '#', '[', '\\', ']', 'a', 0x7e, 0x7f, 0x80,
        0x81, 0xc3, 0xfe, 0xff};

    @Test
    void everyByteValueAtEveryPlaceOfAWordIsFoundExactlyWhereTheByteLoopFindsIt() {
        for (int value = 0; value < 256; value++) {
            for (int len = 1; len <= 24; len++) {
                for (int at = 0; at < len; at++) {
                    byte[] b = new byte[len];
                    java.util.Arrays.fill(b, (byte) 'x');
                    b[at] = (byte) value;
                    for (int from = 0; from <= len; from++) {
                        assertThat(Scan.newline(b, from, len)).as("newline %d in %d at %d from %d", value, len, at, from)
                                .isEqualTo(newlineByBytes(b, from, len));
                        assertThat(Scan.special(b, from, len)).as("special %d in %d at %d from %d", value, len, at, from)
                                .isEqualTo(specialByBytes(b, from, len));
                    }
                }
            }
        }
    }

    @Test
    void theFirstOfSeveralMarksInAWordIsFoundWhateverComesAfterIt() {
        // A borrow runs into the lanes above a match: only the lowest flag may be trusted.
        var random = new SplittableRandom(29);
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(4) == 0 ? EDGES[random.nextInt(EDGES.length)] : 'a' + random.nextInt(26));
            }
            int from = random.nextInt(b.length + 1);
            int end = from + random.nextInt(b.length - from + 1);
            assertThat(Scan.newline(b, from, end)).isEqualTo(newlineByBytes(b, from, end));
            assertThat(Scan.special(b, from, end)).isEqualTo(specialByBytes(b, from, end));
        }
    }
}
