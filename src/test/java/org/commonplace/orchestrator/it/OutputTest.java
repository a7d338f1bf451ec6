package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.fixtures.Chatty;
import org.commonplace.orchestrator.fixtures.LongLine;
import org.commonplace.orchestrator.fixtures.RawBytes;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child output through a real orchestrator: prefixes, streams, bytes, partial lines, floods. */
final class OutputTest {
    @TempDir
    Path dir;

    @Test
    void stdoutAndStderrArePrefixedBytesPassUnchangedAndTheLastPartialLineIsKept() {
        var config = new ConfigBuilder();
        config.fixture("raw", RawBytes.class).put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            byte[] prefix = "[raw] ".getBytes(StandardCharsets.US_ASCII);
            byte[] expectedLine = concat(prefix, RawBytes.NOT_UTF8);
            assertThat(indexOf(run.stdoutBytes(), expectedLine)).as("non-UTF-8 line, byte for byte").isNotNegative();
            assertThat(run.stdout()).contains("[raw] " + RawBytes.PARTIAL + "\n");
            assertThat(run.stderr()).contains("[raw] " + RawBytes.ERR + "\n");
            assertThat(run.stdout()).doesNotContain(RawBytes.ERR);
        }
    }

    @Test
    void twoChattyProcessesNeverMixLinesAndLoseNone() {
        int lines = 20_000;
        var config = new ConfigBuilder();
        config.fixture("a", Chatty.class, "a", Integer.toString(lines)).put("restart", ConfigBuilder.restart("never", 0, 0));
        config.fixture("b", Chatty.class, "b", Integer.toString(lines)).put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            var childLine = Pattern.compile("^\\[(a|b)] (a|b) line (\\d+) the quick brown fox jumps over the lazy dog$");
            int[] next = {1, 1};
            for (String line : run.stdoutLines()) {
                if (line.startsWith("[orchestrator] ")) {
                    continue;
                }
                var m = childLine.matcher(line);
                assertThat(m.matches()).as("an intact line: %s", line).isTrue();
                assertThat(m.group(1)).isEqualTo(m.group(2));
                int which = m.group(1).equals("a") ? 0 : 1;
                assertThat(Integer.parseInt(m.group(3))).as("lines of %s in order", m.group(1)).isEqualTo(next[which]);
                next[which]++;
            }
            assertThat(next).containsExactly(lines + 1, lines + 1);
        }
    }

    @Test
    void aLongLineComesOutInPiecesOf64KibTheFurtherOnesMarkedWithAPlus() {
        int length = 5 * 65536 + 123;
        var config = new ConfigBuilder();
        config.fixture("long", LongLine.class, Integer.toString(length)).put("restart", ConfigBuilder.restart("never", 0, 0));
        try (var run = OrchestratorRun.run(config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            String line = new String(LongLine.line(length), StandardCharsets.US_ASCII);
            var pieces = run.stdoutLines().stream().filter(l -> l.startsWith("[long]")).toList();
            assertThat(pieces).hasSize(6);
            assertThat(pieces.get(0)).isEqualTo("[long] " + line.substring(0, 65536));
            for (int i = 1; i < 6; i++) {
                assertThat(pieces.get(i)).isEqualTo("[long]+ " + line.substring(i * 65536, Math.min(length, (i + 1) * 65536)));
            }
        }
    }

    @Test
    void aStdoutThatRefusesWritesIsReportedOnceOnStderrAndSupervisionGoesOn() {
        var config = new ConfigBuilder();
        config.shell("talk", "for i in 1 2 3 4 5; do echo out $i; sleep 0.05; done; echo done >&2")
                .put("restart", ConfigBuilder.restart("never", 0, 0));
        // /dev/full fails every write with ENOSPC, as a full disk under `> file` does.
        try (var run = OrchestratorRun.runWithStdout(new java.io.File("/dev/full"), config.writeTo(dir))) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stderr().lines().filter(l -> l.contains("cannot write to stdout")).toList()).containsExactly(
                    "[orchestrator] cannot write to stdout: No space left on device; its lines are lost until it can be written again");
            assertThat(run.stderr()).contains("[talk] done\n");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
