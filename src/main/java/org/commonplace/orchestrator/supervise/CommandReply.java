package org.commonplace.orchestrator.supervise;

import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * The supervisor's answer to a {@link Command}.
 *
 * @param ok        whether the command was carried out
 * @param error     when not ok: {@code unknown_process}; {@code stopping} (the orchestrator is shutting down);
 *                  {@code busy} (too many replies wait already; nothing was done); {@code waiting} (a process
 *                  waits for what may never come by itself, such as a remote dependency that is offline; it
 *                  starts once that is ready); {@code failed} (a process, or a dependency, ended for good)
 * @param message   one line for a human: what was done, or why not
 * @param lines     what was done or is worth knowing, one line each ("stopped web (SIGTERM, exit code 0) in 120 ms")
 * @param warnings  things the user should know ("stopped store; web depends on it and keeps running")
 * @param processes the processes after the command (every process, in start order)
 * @param changes   for a reload: the names under "started", "stopped", "restarted", "updated" and "kept"
 * @param unknown   for {@code unknown_process}: the names no process has
 */
public record CommandReply(boolean ok, String error, String message, List<String> lines, List<String> warnings,
                           List<ProcessSnapshot> processes, Map<String, List<String>> changes, List<String> unknown) {
    public CommandReply {
        lines = List.copyOf(lines);
        warnings = List.copyOf(warnings);
        processes = List.copyOf(processes);
        changes = Map.copyOf(changes);
        unknown = List.copyOf(unknown);
    }

    /** A reply that names no unknown process. */
    public CommandReply(boolean ok, String error, String message, List<String> lines, List<String> warnings,
                        List<ProcessSnapshot> processes, Map<String, List<String>> changes) {
        this(ok, error, message, lines, warnings, processes, changes, List.of());
    }

    static CommandReply done(List<String> lines, List<String> warnings, List<ProcessSnapshot> processes) {
        return new CommandReply(true, "", String.join("; ", lines), lines, warnings, processes, Map.of());
    }

    /** A start or restart that got as far as it can for now: {@code lines} say what was done, the message why not more. */
    static CommandReply notDone(String error, List<String> lines, List<StartProgress.Verdict> verdicts, List<ProcessSnapshot> processes) {
        String why = String.join("; ", verdicts.stream().filter(v -> v.stage() != StartProgress.Stage.ARRIVED)
                .map(StartProgress.Verdict::line).toList());
        return new CommandReply(false, error, why, lines, List.of(), processes, Map.of());
    }

    /** The command named processes that do not exist ({@link UnknownNames}); nothing was done. */
    static CommandReply unknown(List<String> names, String message, List<ProcessSnapshot> processes) {
        return new CommandReply(false, "unknown_process", message, List.of(), List.of(), processes, Map.of(), names);
    }

    static CommandReply refused(String error, String message, List<ProcessSnapshot> processes) {
        return new CommandReply(false, error, message, List.of(), List.of(), processes, Map.of());
    }
}
