package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineSplitterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter("[p] ".getBytes(StandardCharsets.UTF_8), (b, off, len) -> {
        out.write(b, off, len);
        batchSizes.add(len);
    });

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        splitter.feed(bytes, 0, bytes.length);
    }

    private String written() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyLineGetsThePrefixAndAChunkIsOneBatch() {
        feed("one\ntwo\nthree\n");
        assertThat(written()).isEqualTo("[p] one\n[p] two\n[p] three\n");
        assertThat(batchSizes).hasSize(1);
    }

    @Test
    void aLineCutBetweenChunksIsJoinedBeforeItIsWritten() {
        feed("hel");
        assertThat(written()).isEmpty();
        feed("lo\nwor");
        feed("ld\n");
        assertThat(written()).isEqualTo("[p] hello\n[p] world\n");
    }

    @Test
    void aLastLineWithoutNewlineIsWrittenAtTheEnd() {
        feed("done\nlast words");
        splitter.finish();
        assertThat(written()).isEqualTo("[p] done\n[p] last words\n");
    }

    @Test
    void bytesThatAreNotUtf8PassThroughUnchanged() {
        byte[] raw = {'a', (byte) 0xE9, (byte) 0xFF, (byte) 0xC3, '\n'};
        splitter.feed(raw, 0, raw.length);
        byte[] expected = {'[', 'p', ']', ' ', 'a', (byte) 0xE9, (byte) 0xFF, (byte) 0xC3, '\n'};
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void emptyLinesAndCarriageReturnsAreKept() {
        feed("\n\r\nx\r\n");
        assertThat(written()).isEqualTo("[p] \n[p] \r\n[p] x\r\n");
    }

    @Test
    void anEndlessLineIsWrittenInPiecesInsteadOfGrowingWithoutBound() {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        int chunks = LineSplitter.MAX_LINE / chunk.length + 2;
        for (int i = 0; i < chunks; i++) {
            splitter.feed(chunk, 0, chunk.length);
        }
        splitter.finish();
        String text = written();
        assertThat(text.chars().filter(c -> c == 'x').count()).isEqualTo((long) chunks * chunk.length);
        assertThat(text.lines()).allMatch(l -> l.startsWith("[p] ")).hasSizeGreaterThan(1);
    }

    @Test
    void finishWithoutPendingBytesWritesNothing() {
        feed("a\n");
        splitter.finish();
        assertThat(written()).isEqualTo("[p] a\n");
    }
}
