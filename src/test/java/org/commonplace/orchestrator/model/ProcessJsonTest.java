package org.commonplace.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The restarts that count towards giving up, in the one JSON form of a process (what {@code ps --json}
 * prints and every MQTT state message carries).
 */
final class ProcessJsonTest {
    private static ObjectNode written(ProcessSnapshot.RestartWindowCount window) {
        var snapshot = new ProcessSnapshot("web", ProcessState.BACKING_OFF, 0, Optional.of(Instant.EPOCH), 7, Optional.empty(),
                Optional.empty(), Optional.empty(), false, List.of(), ProcessSnapshot.UNKNOWN_HEALTH, window);
        return ProcessJson.write(snapshot, OptionalLong.empty(), Optional.empty());
    }

    @Test
    void theRestartWindowSaysHowManyRestartsCountOutOfHowManyWithinWhichWindow() {
        ObjectNode o = written(new ProcessSnapshot.RestartWindowCount(2, 3, 1000));
        assertThat(o.path("restarts").asInt()).isEqualTo(7);
        assertThat(o.path("restart_window").toString()).isEqualTo("{\"restarts\":2,\"max_restarts\":3,\"within_ms\":1000}");
    }

    @Test
    void withoutALimitOrAWindowThoseAreNull() {
        assertThat(written(new ProcessSnapshot.RestartWindowCount(4, 0, 0)).path("restart_window").toString())
                .isEqualTo("{\"restarts\":4,\"max_restarts\":null,\"within_ms\":null}");
        assertThat(written(new ProcessSnapshot.RestartWindowCount(4, 5, 0)).path("restart_window").toString())
                .isEqualTo("{\"restarts\":4,\"max_restarts\":5,\"within_ms\":null}");
    }

    @Test
    void theUserIsWrittenWhenTheProcessRunsAsAnotherAndNullOtherwise() {
        var lowered = new ProcessSnapshot("web", ProcessState.RUNNING, 7, Optional.of(Instant.EPOCH), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), false, List.of(), ProcessSnapshot.UNKNOWN_HEALTH,
                ProcessSnapshot.RestartWindowCount.NONE, Optional.empty(), Optional.of("www-data"));
        assertThat(ProcessJson.write(lowered, OptionalLong.empty(), Optional.empty()).path("user").asText()).isEqualTo("www-data");
        assertThat(written(ProcessSnapshot.RestartWindowCount.NONE).path("user").isNull()).isTrue();
    }
}
