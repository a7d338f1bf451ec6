package org.commonplace.orchestrator.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;

/**
 * The one-line summary systemd shows as the service's status ({@code systemctl status}): how many
 * processes are in each state, most hopeful first, with the names where something is wrong, as in
 * {@code 5 running, 1 backing off (http, next in 2 s)}.
 */
final class StatusLine {
    private static final List<ProcessState> ORDER = List.of(ProcessState.RUNNING, ProcessState.STARTING, ProcessState.PAUSED,
            ProcessState.WAITING, ProcessState.BACKING_OFF, ProcessState.STOPPING, ProcessState.STOPPED,
            ProcessState.FAILED);

    private StatusLine() {
    }

    static String of(Collection<ProcessSnapshot> processes, Instant now) {
        var parts = new ArrayList<String>();
        for (ProcessState state : ORDER) {
            List<ProcessSnapshot> in = processes.stream().filter(p -> p.state() == state).toList();
            if (in.isEmpty()) {
                continue;
            }
            String part = in.size() + " " + word(state);
            List<String> details = switch (state) {
                case BACKING_OFF -> in.stream().map(p -> p.name() + p.nextRestartAt()
                        .map(at -> ", next in " + secondsUntil(at, now) + " s").orElse("")).toList();
                case FAILED -> in.stream().map(ProcessSnapshot::name).toList();
                default -> List.of();
            };
            parts.add(details.isEmpty() ? part : part + " (" + String.join("; ", details) + ")");
        }
        return parts.isEmpty() ? "no processes" : String.join(", ", parts);
    }

    private static String word(ProcessState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** Whole seconds, rounded up, so a restart due in 300 ms is "next in 1 s", not "in 0 s". */
    private static long secondsUntil(Instant at, Instant now) {
        long ms = Math.max(0, Duration.between(now, at).toMillis());
        return (ms + 999) / 1000;
    }
}
