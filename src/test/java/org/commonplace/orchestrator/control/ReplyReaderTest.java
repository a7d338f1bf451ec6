package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's reading of reply lines: whole lines whatever the chunks, within the bound, JSON only. */
final class ReplyReaderTest {
    /** Hands out at most {@code chunk} bytes per read, as a socket does under load. */
    private static InputStream trickle(String text, int chunk) {
        var bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new InputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void everyLineArrivesWholeWhateverTheChunks() throws IOException {
        var text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("{\"line\":\"beta-line-").append(i).append("\"}\n");
        }
        for (int chunk : new int[] {1, 7, 100, 8192, 100_000}) {
            var reader = new ReplyReader(trickle(text.toString(), chunk));
            List<String> lines = new ArrayList<>();
            var node = reader.next();
            while (node != null) {
                lines.add(node.path("line").asText());
                node = reader.next();
            }
            assertThat(lines).as("chunks of %d", chunk).hasSize(5000).startsWith("beta-line-0").endsWith("beta-line-4999");
        }
    }

    @Test
    void twoObjectsOnOneLineOrNoJsonIsNotAReplyAndItIsNotQuoted() {
        assertThatThrownBy(() -> new ReplyReader(trickle("{\"a\":1}{\"b\":2}\n", 10)).next())
                .isInstanceOf(ReplyReader.Hostile.class);
        assertThatThrownBy(() -> new ReplyReader(trickle("\u001b[2J\n", 10)).next())
                .isInstanceOf(ReplyReader.Hostile.class).message().doesNotContain("\u001b");
    }

    @Test
    void aLineOverTheLimitIsRefusedWithoutReadingItWhole() {
        var endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                served += len;
                return len;
            }
        };
        assertThatThrownBy(() -> new ReplyReader(endless).next()).isInstanceOf(ReplyReader.Hostile.class)
                .hasMessageContaining("longer than " + ReplyReader.MAX_LINE_BYTES + " bytes");
        assertThat(endless.served).isLessThanOrEqualTo(ReplyReader.MAX_LINE_BYTES + 2L);
    }
}
