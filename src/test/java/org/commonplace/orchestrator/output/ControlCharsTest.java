package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.commonplace.orchestrator.spawn.OutputReceiver;
import org.junit.jupiter.api.Test;

/** Text children chose, made safe for our one-line messages; carriage returns on a terminal. */
final class ControlCharsTest {
    @Test
    void plainTextIsTheSameString() {
        String text = "sleep 1000 — ünïcode";
        assertThat(ControlChars.escape(text)).isSameAs(text);
    }

    @Test
    void everyControlCharacterIsEscaped() {
        assertThat(ControlChars.escape("x\n[orchestrator] forged\u001b[2J\r\t\u0000\u007f\u0085\u009b"))
                .isEqualTo("x\\n[orchestrator] forged\\e[2J\\r\\t\\x00\\x7f\\u0085\\u009b");
    }

    @Test
    void aConsoleLineIsAlwaysOneLine() {
        var said = new ByteArrayOutputStream();
        OutputSink sink = new OutputSink() {
            @Override
            public void out(byte[] bytes, int off, int len) {
            }

            @Override
            public void err(byte[] bytes, int off, int len) {
            }

            @Override
            public void say(byte[] line, boolean toStderr) {
                said.writeBytes(line);
            }
        };
        new Console(sink).info("stopping pid 7 (x\n[orchestrator] all processes stopped\u001b[2J)");
        assertThat(said.toString(StandardCharsets.UTF_8)).isEqualTo("[orchestrator] stopping pid 7 (x\\n[orchestrator] all processes stopped\\e[2J)\n");
    }

    /** Collects what passes through, as text. */
    private static final class Collect implements OutputReceiver {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void feed(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void finish() {
            bytes.writeBytes("<end>".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String through(String... chunks) {
        var collect = new Collect();
        var filter = new CarriageReturns("[web] ".getBytes(StandardCharsets.UTF_8), collect);
        for (String chunk : chunks) {
            byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
            filter.feed(b, 0, b.length);
        }
        filter.finish();
        return collect.bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCarriageReturnInsideALineIsFollowedByThePrefixAgain() {
        assertThat(through("10%\r20%\r[orchestrator] forged\n")).isEqualTo("10%\r[web] 20%\r[web] [orchestrator] forged\n<end>");
    }

    @Test
    void aLineEndingCrLfIsLeftAlone() {
        assertThat(through("dos line\r\n", "next\n")).isEqualTo("dos line\r\nnext\n<end>");
    }

    @Test
    void aCarriageReturnAtAChunksEndWaitsForTheNextByte() {
        assertThat(through("a\r", "\nb\r", "c\n", "d\r")).isEqualTo("a\r\nb\r[web] c\nd\r<end>");
    }
}
