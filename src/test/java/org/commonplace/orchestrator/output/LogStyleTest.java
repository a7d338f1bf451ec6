package org.commonplace.orchestrator.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How lines look in each style: colours and padding, times taken at arrival, JSON that parses. */
final class LogStyleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private long now = 1_764_597_909_120L; // 2025-12-01T14:05:09.120Z

    private String split(Framing framing, String... chunks) {
        var out = new ByteArrayOutputStream();
        var splitter = new LineSplitter(framing, () -> now, out::write);
        for (String chunk : chunks) {
            byte[] b = chunk.getBytes(StandardCharsets.ISO_8859_1);
            splitter.feed(b, 0, b.length);
            now += 1000;
        }
        splitter.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void withoutColoursTheFormIsExactlyNameInBracketsAndASpace() {
        var style = new LogStyle(false, false, false, LogStyle.Format.TEXT, 10);
        assertThat(split(style.console("web", false, 1), "a\nb\n")).isEqualTo("[web] a\n[web] b\n");
        assertThat(split(style.console("web", true, 1), "e\n")).isEqualTo("[web] e\n");
    }

    @Test
    void coloursGiveEachNameAStableColourPadToTheWidestNameAndMarkStderr() {
        var style = new LogStyle(true, false, false, LogStyle.Format.TEXT, 5);
        String out = split(style.console("web", false, 1), "a\n");
        String err = split(style.console("web", true, 1), "e\n");
        String color = Colors.of("web");
        assertThat(color).isEqualTo(Colors.of("web")).isEqualTo(Colors.of(new String("web")));
        assertThat(out).isEqualTo(color + "[web]" + Colors.RESET + "   " + "  a\n");
        assertThat(err).isEqualTo(color + "[web]" + Colors.RESET + "   " + Colors.STDERR + "!" + Colors.RESET + " e\n");
        // Same visible width for every name.
        String clock = split(style.console("clock", false, 1), "t\n");
        assertThat(visible(clock).indexOf('t')).isEqualTo(visible(out).indexOf('a'));
        assertThat(new String(style.consoleOurs().ours(now, "hi", Fields.MESSAGE), StandardCharsets.UTF_8))
                .isEqualTo(Colors.OURS + "[orchestrator]" + Colors.RESET + " hi\n");
    }

    @Test
    void colourWantsATerminalWithoutNoColorUnlessForced() {
        assertThat(Colors.wanted("auto", true, Map.of())).isTrue();
        assertThat(Colors.wanted("auto", false, Map.of())).isFalse();
        assertThat(Colors.wanted("auto", true, Map.of("NO_COLOR", ""))).isFalse();
        assertThat(Colors.wanted("always", false, Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(Colors.wanted("never", true, Map.of())).isFalse();
    }

    @Test
    void timestampsAreIso8601WithMillisecondsAndTheTimeTheBytesArrived() {
        var style = new LogStyle(false, true, true, LogStyle.Format.TEXT, 0);
        // "par" arrives at .120, "tial\nnext\n" a second later: the carried line keeps its first arrival.
        String text = split(style.console("p", false, 1), "par", "tial\nnext\n");
        assertThat(text).isEqualTo("2025-12-01T14:05:09.120Z [p] partial\n2025-12-01T14:05:10.120Z [p] next\n");
        var local = new LogStyle(false, true, false, LogStyle.Format.TEXT, 0);
        String line = split(local.console("p", false, 1), "x\n");
        String stamp = line.substring(0, line.indexOf(' '));
        assertThat(stamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
        assertThat(OffsetDateTime.parse(stamp).toInstant()).isEqualTo(Instant.ofEpochMilli(now - 1000));
    }

    @Test
    void stampsAreRightAcrossSecondsAndMilliseconds() {
        var stamp = new Stamp(true);
        assertThat(new String(stamp.format(0), StandardCharsets.US_ASCII)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(new String(stamp.format(999), StandardCharsets.US_ASCII)).isEqualTo("1970-01-01T00:00:00.999Z");
        assertThat(new String(stamp.format(1001), StandardCharsets.US_ASCII)).isEqualTo("1970-01-01T00:00:01.001Z");
        assertThat(new String(stamp.format(-1), StandardCharsets.US_ASCII)).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void jsonLinesParseAndCarryInvalidUtf8Safely() throws Exception {
        var style = new LogStyle(false, false, true, LogStyle.Format.JSON, 0);
        String raw = "plain \"quoted\" \\ tab\t\u001b[2J caf\u00c3\u00a9\n" + "bad \u00ff\u00fe end\n";
        String out = split(style.console("web", true, 42), raw);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            lines.add(JSON.readTree(l.getBytes(StandardCharsets.ISO_8859_1)));
        }
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("time").asText()).isEqualTo("2025-12-01T14:05:09.120Z");
        assertThat(first.get("process").asText()).isEqualTo("web");
        assertThat(first.get("stream").asText()).isEqualTo("stderr");
        assertThat(first.get("pid").asLong()).isEqualTo(42);
        assertThat(first.get("line").asText()).isEqualTo("plain \"quoted\" \\ tab\t\u001b[2J café");
        assertThat(first.has("line_base64")).isFalse();
        JsonNode second = lines.get(1);
        assertThat(second.get("line").asText()).isEqualTo("bad \ufffd\ufffd end");
        assertThat(Base64.getDecoder().decode(second.get("line_base64").asText()))
                .isEqualTo("bad \u00ff\u00fe end".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aUtf8CharacterCutBetweenTwoReadsIsStillOneCharacter() throws Exception {
        var style = new LogStyle(false, false, true, LogStyle.Format.JSON, 0);
        String out = split(style.console("p", false, 1), "caf\u00c3", "\u00a9\n");
        JsonNode node = JSON.readTree(out.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(node.get("line").asText()).isEqualTo("café");
        assertThat(node.has("line_base64")).isFalse();
    }

    @Test
    void ourEventsCarryTheirFieldsInJson() throws Exception {
        var style = new LogStyle(false, false, true, LogStyle.Format.JSON, 0);
        byte[] line = style.consoleOurs().ours(now, "restarting web in 500 ms",
                Fields.of("restarting", "web").delayMs(500));
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("event").asText()).isEqualTo("restarting");
        assertThat(node.get("process").asText()).isEqualTo("web");
        assertThat(node.get("stream").asText()).isEqualTo("orchestrator");
        assertThat(node.get("delay_ms").asLong()).isEqualTo(500);
        assertThat(node.get("line").asText()).isEqualTo("restarting web in 500 ms");
        JsonNode exited = JSON.readTree(style.consoleOurs().ours(now, "x", Fields.of("exited", "web").signal("SIGKILL")));
        assertThat(exited.get("signal").asText()).isEqualTo("SIGKILL");
        assertThat(JSON.readTree(style.consoleOurs().ours(now, "hello\nworld", Fields.MESSAGE)).get("process").asText())
                .isEqualTo("orchestrator");
    }

    @Test
    void fileLinesAreCriLinesWithPartialPiecesTagged() {
        var style = new LogStyle(false, false, true, LogStyle.Format.TEXT, 0);
        String out = split(style.file("p", true, 1), "x".repeat(LineSplitter.MAX_PIECE + 3) + "\n");
        String[] lines = out.split("\n");
        assertThat(lines[0]).startsWith("2025-12-01T14:05:09.120Z stderr P xxx").hasSize(24 + 10 + LineSplitter.MAX_PIECE);
        assertThat(lines[1]).isEqualTo("2025-12-01T14:05:09.120Z stderr F xxx");
    }

    @Test
    void logsShowsTheLinesWithoutWhatTheStyleAdded() {
        for (var style : List.of(new LogStyle(true, true, false, LogStyle.Format.TEXT, 8),
                new LogStyle(false, false, false, LogStyle.Format.JSON, 0), LogStyle.plain())) {
            byte[] framed = split(style.console("web", true, 1), "hello \u00ff\n").getBytes(StandardCharsets.ISO_8859_1);
            assertThat(style.strip("web", true, framed, 0, framed.length - 1))
                    .isEqualTo("hello \u00ff".getBytes(StandardCharsets.ISO_8859_1));
            byte[] ours = style.consoleOurs().ours(now, "said", Fields.MESSAGE);
            assertThat(new String(style.strip("orchestrator", false, ours, 0, ours.length - 1), StandardCharsets.UTF_8)).isEqualTo("said");
        }
    }

    private static String visible(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
