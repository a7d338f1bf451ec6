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
    void theLastLinesOfAProcessUpToAMarkLeaveOutWhatItsNextRunWroteSince() {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        OutputSink db = book.tee("db", NOWHERE);
        for (int i = 1; i <= 60; i++) {
            out(web, "[web] line " + i + "\n");
        }
        out(db, "[db] other\n");
        long mark = book.mark();
        out(web, "[web] next run\n");
        List<LogBook.Line> last = book.lastOf("web", 50, mark);
        assertThat(last).hasSize(50);
        assertThat(last.getFirst().decoded()).isEqualTo("line 11");
        assertThat(last.getLast().decoded()).isEqualTo("line 60");
        assertThat(book.lastOf("nosuch", 50, mark)).isEmpty();
        assertThat(book.lastOf("web", 50, book.mark()).getLast().decoded()).isEqualTo("next run");
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
    void aFollowerGetsNewLinesAndASlowOneLosesLinesBeyondItsBytesAndHearsOnceHowMany() throws InterruptedException {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        out(web, "[web] before\n");
        try (var follower = book.follow(List.of("web"))) {
            out(web, "[web] after\n");
            assertThat(follower.poll(1000)).isInstanceOfSatisfying(LogBook.Line.class, l -> assertThat(l.decoded()).isEqualTo("after"));
            // 64 KiB lines: a reader that takes nothing holds its budget, not what is printed.
            String big = "x".repeat(65_000);
            for (int i = 0; i < 100; i++) {
                out(web, "[web] " + i + big + "\n");
            }
            assertThat(follower.queuedBytes()).isLessThanOrEqualTo(LogFollower.BUDGET);
            assertThat(book.followedBytes()).isEqualTo(follower.queuedBytes());
            int kept = (int) (follower.queuedBytes() / (65_000 + LogFollower.LINE_OVERHEAD));
            // The reader takes half of what waits; the next lines come after one note of what was lost.
            for (int i = 0; i < kept / 2 + 1; i++) {
                assertThat(follower.poll(1000)).isInstanceOf(LogBook.Line.class);
            }
            out(web, "[web] later\n");
            out(web, "[web] later still\n");
            var rest = new java.util.ArrayList<LogFollower.Next>();
            for (LogFollower.Next next; (next = follower.poll(0)) != null; ) {
                rest.add(next);
            }
            assertThat(rest).filteredOn(LogFollower.Gap.class::isInstance).containsExactly(new LogFollower.Gap(100 - kept));
            assertThat(rest.subList(rest.size() - 3, rest.size())).extracting(n -> n instanceof LogBook.Line l ? l.decoded() : n.toString())
                    .containsExactly("Gap[lines=" + (100 - kept) + "]", "later", "later still");
        }
        assertThat(book.followedBytes()).isZero();
    }

    @Test
    void aReaderThatTookEverythingHearsOfTheLossEvenWhenNoLineFollows() throws InterruptedException {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        try (var follower = book.follow(List.of())) {
            String big = "x".repeat(65_000);
            for (int i = 0; i < 40; i++) {
                out(web, "[web] " + big + "\n");
            }
            int lines = 0;
            LogFollower.Next next;
            while ((next = follower.poll(0)) instanceof LogBook.Line) {
                lines++;
            }
            assertThat(next).isEqualTo(new LogFollower.Gap(40 - lines));
            assertThat(follower.poll(0)).isNull();
        }
    }

    @Test
    void followersTogetherHoldNoMoreThanTheirSharedBudget() {
        var book = new LogBook();
        OutputSink web = book.tee("web", NOWHERE);
        var stuck = new java.util.ArrayList<LogFollower>();
        for (int i = 0; i < 64; i++) {
            stuck.add(book.follow(List.of()));
        }
        String big = "y".repeat(65_000);
        for (int i = 0; i < 200; i++) {
            out(web, "[web] " + big + "\n");
        }
        assertThat(book.followedBytes()).isLessThanOrEqualTo(LogBook.FOLLOWERS_BUDGET);
        stuck.forEach(LogFollower::close);
        assertThat(book.followedBytes()).isZero();
    }

    @Test
    void theRingsShareOneBudgetHoweverManyProcessesPrint() {
        var book = new LogBook();
        String line = "z".repeat(100);
        for (int p = 0; p < 10_000; p++) {
            OutputSink sink = book.tee("p" + p, NOWHERE);
            // Each prints more than its share, and the first ones printed while they were few.
            for (int i = 0; i < 30; i++) {
                out(sink, "[p" + p + "] " + line + " " + i + "\n");
            }
        }
        // Above MIN_BYTES each the budget holds; at 10,000 each is down to its floor (and its table).
        assertThat(LogBook.share(10_000)).isEqualTo(LogBook.MIN_BYTES);
        assertThat(book.heldBytes()).isLessThanOrEqualTo(10_000L * (LogBook.MIN_BYTES + 16 * 21));
        assertThat(LogBook.share(64)).isEqualTo(LogBook.MAX_BYTES);
        assertThat(LogBook.share(1000) * 1000L).isLessThanOrEqualTo(LogBook.BUDGET);
        // The newest lines of the first process are still there.
        assertThat(texts(book.tail(List.of("p0"), 1))).containsExactly("p0:" + line + " 29");
    }

    @Test
    void aTailIsBoundedInLinesAndBytesWhateverItAsksFor() {
        var book = new LogBook();
        for (int p = 0; p < 50; p++) {
            OutputSink sink = book.tee("p" + p, NOWHERE);
            for (int i = 0; i < 1000; i++) {
                out(sink, "[p" + p + "] " + i + "\n");
            }
        }
        assertThat(book.tail(List.of(), Integer.MAX_VALUE)).hasSize(LogBook.MAX_TAIL_LINES);
        var last = book.tail(List.of(), 3);
        assertThat(texts(last)).containsExactly("p49:997", "p49:998", "p49:999");
        OutputSink wide = book.tee("wide", NOWHERE);
        String big = "w".repeat(60_000);
        for (int i = 0; i < 4; i++) {
            out(wide, "[wide] " + big + "\n");
        }
        long bytes = book.tail(List.of(), Integer.MAX_VALUE).stream().mapToLong(l -> l.text().length).sum();
        assertThat(bytes).isLessThanOrEqualTo(LogBook.MAX_TAIL_BYTES);
    }
}
