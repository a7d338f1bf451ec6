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
    private final LineSplitter splitter = new LineSplitter("[p] ".getBytes(StandardCharsets.UTF_8),
            "[p]+ ".getBytes(StandardCharsets.UTF_8), (b, off, len) -> {
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
    void theSplittersOfAThousandPrintingProcessesBuildTheirBatchesInTheirThreadsOneArray() {
        // Issue 21: a batch array per splitter (8 KiB or more once a process had printed) made
        // 10,000 printing processes hold 80 MiB; the I/O loop's one thread now lends one array.
        var arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<byte[], Boolean>());
        byte[] line = "a line of output\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1000; i++) {
            var s = new LineSplitter(("[p" + i + "] ").getBytes(StandardCharsets.UTF_8), "[p]+ ".getBytes(StandardCharsets.UTF_8),
                    (b, off, len) -> arrays.add(b));
            s.feed(line, 0, line.length);
            s.feed(line, 0, line.length);
        }
        assertThat(arrays).hasSize(1);
        // Another thread builds in its own.
        Thread other = Thread.ofPlatform().start(() -> splitter.feed(line, 0, line.length));
        try {
            other.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(written()).isEqualTo("[p] a line of output\n");
    }

    @Test
    void unfinishedLinesOfManySplittersHoldNoMoreThanTheirSharedBudget() {
        // Issue 21: 2,000 children that each print 64 KiB without a newline, on both streams, held
        // 256 MiB in their splitters. With a shared budget a splitter that cannot take more writes
        // what it has as a piece at once; joined back, the pieces are the bytes that came.
        var budget = new CarryBudget(100_000);
        var outputs = new ArrayList<ByteArrayOutputStream>();
        var splitters = new ArrayList<LineSplitter>();
        byte[] part = "x".repeat(40_000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            var o = new ByteArrayOutputStream();
            outputs.add(o);
            var s = new LineSplitter(Framing.text("[p] ".getBytes(StandardCharsets.UTF_8), "[p]+ ".getBytes(StandardCharsets.UTF_8)),
                    () -> 0, o::write, budget);
            splitters.add(s);
            s.feed(part, 0, part.length);
            assertThat(budget.taken()).isLessThanOrEqualTo(100_000);
        }
        // Two could keep their 40,000 bytes waiting (the budget has not enough for a third); the
        // others wrote them as a first piece already.
        assertThat(outputs.stream().filter(o -> o.size() > 0).count()).isEqualTo(8);
        byte[] end = "y\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            splitters.get(i).feed(end, 0, end.length);
            String text = outputs.get(i).toString(StandardCharsets.UTF_8);
            assertThat(text.replace("\n[p]+ ", "")).isEqualTo("[p] " + "x".repeat(40_000) + "y\n");
        }
        // Finished lines give everything back.
        assertThat(budget.taken()).isZero();
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
        byte[] chunk = new byte[10_000];
        java.util.Arrays.fill(chunk, (byte) 'x');
        int chunks = 100;
        for (int i = 0; i < chunks; i++) {
            splitter.feed(chunk, 0, chunk.length);
        }
        assertThat(out.size()).as("written before the line ends").isGreaterThan(chunks * chunk.length - LineSplitter.MAX_PIECE);
        splitter.finish();
        String text = written();
        assertThat(text.chars().filter(c -> c == 'x').count()).isEqualTo((long) chunks * chunk.length);
    }

    @Test
    void aLongLineIsCutIntoPiecesOfExactlyMaxPieceBytesWhateverTheChunks() {
        String line = digits(3 * LineSplitter.MAX_PIECE + 5);
        String expected = "[p] " + line.substring(0, LineSplitter.MAX_PIECE) + "\n"
                + "[p]+ " + line.substring(LineSplitter.MAX_PIECE, 2 * LineSplitter.MAX_PIECE) + "\n"
                + "[p]+ " + line.substring(2 * LineSplitter.MAX_PIECE, 3 * LineSplitter.MAX_PIECE) + "\n"
                + "[p]+ " + line.substring(3 * LineSplitter.MAX_PIECE) + "\n"
                + "[p] next\n";
        for (int chunkSize : new int[] {1 << 20, LineSplitter.MAX_PIECE, 65_535, 4096, 7777, 1}) {
            var written = new ByteArrayOutputStream();
            var s = new LineSplitter("[p] ".getBytes(StandardCharsets.UTF_8), "[p]+ ".getBytes(StandardCharsets.UTF_8),
                    written::write);
            byte[] all = (line + "\nnext\n").getBytes(StandardCharsets.ISO_8859_1);
            for (int off = 0; off < all.length; off += chunkSize) {
                s.feed(all, off, Math.min(chunkSize, all.length - off));
            }
            s.finish();
            assertThat(written.toString(StandardCharsets.ISO_8859_1)).as("chunks of %d bytes", chunkSize).isEqualTo(expected);
        }
    }

    @Test
    void aLineOfExactlyMaxPieceBytesStaysOneLine() {
        String line = digits(LineSplitter.MAX_PIECE);
        feed(line.substring(0, 1000));
        feed(line.substring(1000));
        assertThat(written()).isEmpty();
        feed("\n");
        assertThat(written()).isEqualTo("[p] " + line + "\n");
    }

    @Test
    void aLongLastLineWithoutNewlineEndsWithItsLastPiece() {
        String line = digits(LineSplitter.MAX_PIECE + 3);
        feed(line);
        splitter.finish();
        assertThat(written()).isEqualTo("[p] " + line.substring(0, LineSplitter.MAX_PIECE) + "\n[p]+ "
                + line.substring(LineSplitter.MAX_PIECE) + "\n");
    }

    @Test
    void theListenerHearsEachPieceOfALongLine() {
        var heard = new ArrayList<Integer>();
        splitter.listen((b, off, len) -> heard.add(len));
        feed(digits(LineSplitter.MAX_PIECE + 10) + "\nshort\n");
        assertThat(heard).containsExactly(LineSplitter.MAX_PIECE, 10, 5);
    }

    private static String digits(int length) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('0' + i % 10));
        }
        return text.toString();
    }

    @Test
    void finishWithoutPendingBytesWritesNothing() {
        feed("a\n");
        splitter.finish();
        assertThat(written()).isEqualTo("[p] a\n");
    }
}
