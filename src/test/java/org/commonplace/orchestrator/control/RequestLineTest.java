package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request line is one JSON object (docs/control.md): what follows the object is not ignored, and
 * it nests no deeper than {@link TreeReader#MAX_DEPTH}, where a request needs two levels. Databind's
 * readTree read the first object and dropped the rest of the line (so {@code {"cmd":"ps"}{"cmd":"shutdown"}}
 * was a {@code ps}, and a log of it would show a shutdown that never happened), and built trees 1000 deep.
 */
final class RequestLineTest {
    private static Request parse(String line) throws Request.Bad {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return Request.parse(bytes, bytes.length);
    }

    @Test
    void aSecondObjectOrJunkAfterTheRequestIsABadRequest() throws Request.Bad {
        assertThat(parse("{\"v\":1,\"cmd\":\"ps\"}  ").cmd()).isEqualTo("ps");
        for (String line : new String[] {"{\"cmd\":\"ps\"}{\"cmd\":\"shutdown\"}", "{\"cmd\":\"ps\"} [1]", "{\"cmd\":\"ps\"} 7"}) {
            assertThatThrownBy(() -> parse(line)).as(line).isInstanceOfSatisfying(Request.Bad.class,
                    bad -> assertThat(bad.error).isEqualTo("bad_request")).hasMessageStartingWith("not a JSON object: ")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aRequestNestedDeeperThanTheBoundIsABadRequest() throws Request.Bad {
        String deep = "[".repeat(TreeReader.MAX_DEPTH - 1) + "]".repeat(TreeReader.MAX_DEPTH - 1);
        assertThat(parse("{\"cmd\":\"ps\",\"x\":" + deep + "}").cmd()).isEqualTo("ps");
        String deeper = "[".repeat(TreeReader.MAX_DEPTH) + "]".repeat(TreeReader.MAX_DEPTH);
        assertThatThrownBy(() -> parse("{\"cmd\":\"ps\",\"x\":" + deeper + "}")).isInstanceOfSatisfying(Request.Bad.class,
                bad -> assertThat(bad.error).isEqualTo("bad_request")).hasMessageContaining("nesting depth");
    }
}
