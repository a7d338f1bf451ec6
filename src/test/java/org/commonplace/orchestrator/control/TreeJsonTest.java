package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.junit.jupiter.api.Test;

/**
 * The protocol's JSON without databind's ObjectMapper is the JSON it was with it: {@link TreeWriter}
 * writes what {@code ObjectMapper} wrote, byte for byte (the socket's lines, {@code ps --json}), and
 * {@link TreeReader} makes the trees {@code readTree} made, within the same bounds.
 */
final class TreeJsonTest {
    private static final ObjectMapper DATABIND = new ObjectMapper();

    /** Every kind of value the protocol sends, and text a process may have written. */
    private static ObjectNode everyKind() {
        ObjectNode o = Protocol.reply(true);
        o.put("int", 7).put("negative", -2_147_483_648).put("long", 9_007_199_254_740_993L).put("double", 0.1)
                .put("whole_double", 12.0).put("tiny", 1e-300).put("huge", 1.7976931348623157e308)
                .put("float", 1.5f).put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.50")).put("yes", true).put("no", false).putNull("none")
                .put("short", (short) 3);
        o.put("text", "tab\t quote\" backslash\\ slash/ nul\u0000 esc\u001b[2J del\u007f c1\u009b é € 😀 line\nfeed\r");
        o.put("lone_surrogate", "a\ud800b");
        o.putArray("empty_array");
        o.putObject("empty_object");
        o.putArray("nested").add(1).addObject().put("deep", "x").putArray("deeper").add("y");
        return o;
    }

    private static ProcessSnapshot process(String name) {
        return new ProcessSnapshot(name, ProcessState.BACKING_OFF, 0, Optional.of(Instant.parse("2026-05-01T10:00:00.123Z")), 3,
                Optional.of(ExitStatus.killed(9, true)), Optional.of(Instant.parse("2026-05-01T10:00:01Z")),
                Optional.of(Instant.parse("2026-05-01T10:00:02Z")), false, List.of("clock"), "failing 2",
                new ProcessSnapshot.RestartWindowCount(2, 3, 1000), Optional.empty(), Optional.of("www-data"));
    }

    @Test
    void aLineIsTheBytesObjectMapperWrote() throws Exception {
        ObjectNode reply = everyKind();
        var processes = reply.putArray("processes");
        processes.add(ProcessJson.write(process("web"), OptionalLong.of(61_440_000), Optional.of(12.345)));
        processes.add(ProcessJson.write(process("db"), OptionalLong.empty(), Optional.empty()));
        byte[] before = (DATABIND.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(Protocol.line(reply)).isEqualTo(before);
        assertThat(TreeWriter.text(reply)).isEqualTo(DATABIND.writeValueAsString(reply)).isEqualTo(reply.toString());
    }

    @Test
    void psJsonIsIndentedAsBeforeWithControlCharactersEscaped() throws Exception {
        ObjectNode plain = Protocol.request("ps");
        plain.putArray("processes").add(ProcessJson.write(process("web"), OptionalLong.of(4096), Optional.of(0.5)));
        plain.putArray("none");
        plain.putObject("nothing");
        assertThat(SafeJson.pretty(plain)).isEqualTo(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(plain));

        ObjectNode hostile = JsonNodeFactory.instance.objectNode().put("name", "x\u001b[2J\u009b\u007fy");
        assertThat(SafeJson.pretty(hostile)).isEqualTo("{\n  \"name\" : \"x\\u001B[2J\\u009b\\u007Fy\"\n}")
                .doesNotContain("\u001b", "\u009b", "\u007f");
    }

    @Test
    void aLineReadsIntoTheTreeReadTreeMade() throws Exception {
        String text = DATABIND.writeValueAsString(everyKind())
                + " ".repeat(3); // whitespace after the object is nothing
        JsonNode ours = TreeReader.read(text);
        JsonNode theirs = DATABIND.readTree(text);
        // equals compares node kinds too: an int stays an IntNode, a long a LongNode, 0.1 a DoubleNode.
        assertThat(ours).isEqualTo(theirs);
        byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
        // (UTF-8 has no lone surrogate: the bytes carry a '?' for it, to both readers)
        assertThat(TreeReader.read(bytes, 2, bytes.length - 4)).isEqualTo(DATABIND.readTree(bytes, 2, bytes.length - 4));
        assertThat(TreeReader.read("{\"a\":1,\"a\":2}")).as("the last of duplicate keys, as readTree")
                .isEqualTo(DATABIND.readTree("{\"a\":1,\"a\":2}"));
        assertThat(TreeReader.read("  ")).isNull();
    }

    @Test
    void oneValueWithinTheDepthOrNothing() throws Exception {
        assertThatThrownBy(() -> TreeReader.read("{\"cmd\":\"ps\"}{\"cmd\":\"shutdown\"}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> TreeReader.read("{\"a\":1} x")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> TreeReader.read("{\"a\":")).isInstanceOf(JacksonException.class);
        String deep = "[".repeat(TreeReader.MAX_DEPTH) + "]".repeat(TreeReader.MAX_DEPTH);
        assertThat(TreeReader.read(deep)).isNotNull();
        String deeper = "[".repeat(TreeReader.MAX_DEPTH + 1) + "]".repeat(TreeReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> TreeReader.read(deeper)).isInstanceOf(JacksonException.class).hasMessageContaining("nesting depth");
        // A request's quoted value is the JSON text, as databind's toString gave it.
        assertThat(Request.quote(TreeReader.read("[\"ps\", 1.5, null]"))).isEqualTo("[\"ps\",1.5,null]");
    }
}
