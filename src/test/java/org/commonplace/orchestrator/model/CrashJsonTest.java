package org.commonplace.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A crash's JSON stays bounded in bytes whatever the process wrote, and keeps the newest lines. */
final class CrashJsonTest {
    @Test
    void fiftyHugeLinesAreCutAndTheOldestLeftOutToStayWithinTheBound() throws Exception {
        var lines = new ArrayList<String>();
        for (int k = 1; k <= 200; k++) {
            lines.add("line " + k + " " + "é".repeat(100_000));
        }
        var report = new CrashReport("web", ExitStatus.killed(11, true), Instant.EPOCH, 7, true, lines);
        byte[] json = new ObjectMapper().writeValueAsBytes(CrashJson.write(report));
        assertThat(json.length).isLessThan(CrashJson.MAX_LINES_BYTES + 1024);
        JsonNode o = new ObjectMapper().readTree(json);
        assertThat(o.path("exit").path("signal").asText()).isEqualTo("SIGSEGV");
        assertThat(o.path("exit").path("core_dumped").asBoolean()).isTrue();
        assertThat(o.path("gave_up").asBoolean()).isTrue();
        JsonNode kept = o.path("lines");
        assertThat(kept.size()).isPositive();
        assertThat(kept.get(kept.size() - 1).asText()).startsWith("line 200 ").endsWith("…");
        assertThat(kept.get(kept.size() - 1).asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CrashJson.MAX_LINE_BYTES);
        assertThat(o.path("lines_omitted").asInt() + kept.size()).isEqualTo(CrashReport.MAX_LINES);
    }

    @Test
    void shortLinesAreKeptWhole() {
        var report = new CrashReport("web", ExitStatus.exited(3), Instant.EPOCH, 0, false, List.of("a", "b"));
        JsonNode o = CrashJson.write(report);
        assertThat(o.path("exit").path("code").asInt()).isEqualTo(3);
        assertThat(o.path("lines").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(o.path("lines_omitted").asInt()).isZero();
    }
}
