package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The RESTARTS cell of {@code ps}: all restarts, and beside them those that count towards giving up. */
final class PsTableRestartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String cell(String json) throws Exception {
        JsonNode p = JSON.readTree(json);
        return PsTable.restarts(p);
    }

    @Test
    void aWindowShowsItsCountOutOfTheLimitWithinItsLength() throws Exception {
        assertThat(cell("{\"restarts\":7,\"restart_window\":{\"restarts\":2,\"max_restarts\":3,\"within_ms\":1000}}"))
                .isEqualTo("7 (2/3 in 1s)");
        assertThat(cell("{\"restarts\":7,\"restart_window\":{\"restarts\":2,\"max_restarts\":3,\"within_ms\":90000}}"))
                .isEqualTo("7 (2/3 in 1m30s)");
    }

    @Test
    void withoutWithinMsTheCountIsInARowAndWithoutALimitOnlyTheRestartsShow() throws Exception {
        assertThat(cell("{\"restarts\":7,\"restart_window\":{\"restarts\":2,\"max_restarts\":3,\"within_ms\":null}}"))
                .isEqualTo("7 (2/3 in a row)");
        assertThat(cell("{\"restarts\":7,\"restart_window\":{\"restarts\":2,\"max_restarts\":null,\"within_ms\":null}}"))
                .isEqualTo("7");
        // An older orchestrator's object has no window at all.
        assertThat(cell("{\"restarts\":7}")).isEqualTo("7");
    }

    @Test
    void aHostileObjectShowsQuestionMarksNotItsText() throws Exception {
        assertThat(cell("{\"restarts\":7,\"restart_window\":{\"restarts\":\"\\u001b[31m\",\"max_restarts\":3,\"within_ms\":\"x\"}}"))
                .isEqualTo("7 (?/3 ?)");
    }
}
