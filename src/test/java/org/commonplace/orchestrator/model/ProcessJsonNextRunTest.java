package org.commonplace.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A schedule's next run in the one JSON form of a process: what {@code ps --json} prints and MQTT state carries. */
final class ProcessJsonNextRunTest {
    private static ObjectNode written(Optional<Instant> nextRun) {
        var snapshot = new ProcessSnapshot("backup", ProcessState.STOPPED, 0, Optional.empty(), 0, Optional.of(ExitStatus.exited(3)),
                Optional.of(Instant.EPOCH), Optional.empty(), false, List.of(), ProcessSnapshot.UNKNOWN_HEALTH,
                ProcessSnapshot.RestartWindowCount.NONE, nextRun, Optional.empty());
        return ProcessJson.write(snapshot, OptionalLong.empty(), Optional.empty());
    }

    @Test
    void aScheduledProcessCarriesItsNextRunAndItsLastResult() {
        ObjectNode o = written(Optional.of(Instant.parse("2026-12-08T01:30:00Z")));
        assertThat(o.path("next_run_at").asText()).isEqualTo("2026-12-08T01:30:00Z");
        assertThat(o.path("last_exit").path("code").asInt()).isEqualTo(3);
    }

    @Test
    void aProcessWithoutAScheduleHasNullForItsNextRun() {
        assertThat(written(Optional.empty()).path("next_run_at").isNull()).isTrue();
    }
}
