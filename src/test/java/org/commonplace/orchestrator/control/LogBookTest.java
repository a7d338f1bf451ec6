package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commonplace.orchestrator.output.OutputSink;
import org.junit.jupiter.api.Test;

/** The in-memory logs: batches in, lines out, bounded, in arrival order; followers that drop and count. */
final class LogBookTest {
    private static final OutputSink NOWHERE = new OutputSink() {
        @Override
        public void out(byte[] bytes, int off, int len) {
        }

        @Override
        public void err(byte[] bytes, int off, int len) {
        }
    };

    private static void out(OutputSink sink, String text) {
        byte[] b = ("##" + text).getBytes(StandardCharsets.UTF_8);
        sink.out(b, 2, b.length - 2); // an offset, as the splitter's reused batch array has
    }

    private static List<String> texts(List<LogBook.Line> lines) {
        return lines.stream().map(l -> l.name() + ":" + l.decoded()).toList();
    }

    @Test
    void linesComeBackWithoutTheirPrefixesInArrivalOrderAcrossProcesses() {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        OutputSink db = book.tee("db", NOWHERE);
        out(web, "[web] one\n[web] two\n");
        out(db, "[db] three\n");
        out(web, "[web] four\n[web]+  and the rest of four\n");
        assertThat(texts(book.tail(List.of(), 50))).containsExactly("web:one", "web:two", "db:three", "web:four", "web: and the rest of four");
        assertThat(texts(book.tail(List.of("db"), 50))).containsExactly("db:three");
        assertThat(texts(book.tail(List.of(), 2))).containsExactly("web:four", "web: and the rest of four");
    }

    @Test
    void aProcessKeepsAtMostItsLastLinesAndBytes() {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        for (int i = 0; i < 5000; i++) {
            out(web, "[web] line " + i + "\n");
        }
        List<LogBook.Line> tail = book.tail(List.of(), 100_000);
        assertThat(tail).hasSize(LogBook.MAX_LINES);
        assertThat(tail.getLast().decoded()).isEqualTo("line 4999");
        String big = "x".repeat(60_000);
        for (int i = 0; i < 10; i++) {
            out(web, "[web] " + big + "\n");
        }
        long kept = book.tail(List.of(), 100_000).stream().mapToLong(l -> l.text().length).sum();
        assertThat(kept).isLessThanOrEqualTo(LogBook.MAX_BYTES + 65_536);
    }

    @Test
    void aFollowerGetsNewLinesAndASlowOneHasThemDroppedAndCounted() throws InterruptedException {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        out(web, "[web] before\n");
        try (var follower = book.follow(List.of("web"))) {
            out(web, "[web] after\n");
            assertThat(follower.poll(1000).decoded()).isEqualTo("after");
            for (int i = 0; i < LogBook.FOLLOW_QUEUE + 10; i++) {
                out(web, "[web] flood " + i + "\n");
            }
            assertThat(follower.takeDropped()).isEqualTo(10);
        }
    }
}
