package org.commonplace.orchestrator.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;

/**
 * The payloads an orchestrator publishes for a process's state topic, made by the one writer of
 * that object ({@code model.ProcessJson}, compact, as {@code ps --json}), so tests of readers follow
 * the real format.
 */
public final class StatePayloads {
    private StatePayloads() {
    }

    /** {@return the state object of a process in {@code state} with {@code pid} (0 for none) and {@code restarts}} */
    public static byte[] state(String name, ProcessState state, long pid, int restarts) {
        return state(name, state, pid, restarts, Optional.empty(), Optional.empty());
    }

    /** {@return the same, with its last exit and when that was} */
    public static byte[] state(String name, ProcessState state, long pid, int restarts, Optional<ExitStatus> lastExit,
                               Optional<Instant> lastExitAt) {
        var snapshot = new ProcessSnapshot(name, state, pid, pid > 0 ? Optional.of(Instant.now()) : Optional.empty(),
                restarts, lastExit, lastExitAt, Optional.empty(), false, List.of(), ProcessSnapshot.UNKNOWN_HEALTH);
        return ProcessJson.write(snapshot, OptionalLong.empty(), Optional.empty()).toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
