package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.spawn.GroupUsage;
import org.commonplace.orchestrator.spawn.ProcStat;

/** The process list as {@code ps}, {@code watch} and the replies of commands send it: states, with RSS and CPU. */
final class ProcessList {
    private ProcessList() {
    }

    /**
     * {@return the list for {@code ps} and command replies: usage read now} Shows what the supervisor
     * knows: a pid that ended after the snapshot was taken is not rewritten to "stopped" (the
     * supervisor learns of an exit at once now, and a crash-looping process read "stopped" here).
     */
    static ArrayNode now(List<ProcessSnapshot> processes) {
        var usage = GroupUsage.of(processes.stream().map(ProcessSnapshot::pid).filter(pid -> pid > 0).toList());
        return json(processes, usage, false);
    }

    /**
     * {@return the list with the given usage figures} With {@code checkAlive} each pid is looked up in
     * /proc, so a process whose exit the loop has not seen yet is not shown running; {@code watch}
     * skips that (its next line, a moment later, has the exit).
     */
    static ArrayNode json(List<ProcessSnapshot> processes, Map<Long, GroupUsage> usage, boolean checkAlive) {
        ArrayNode array = Protocol.JSON.createArrayNode();
        for (ProcessSnapshot p : processes) {
            ProcessSnapshot shown = checkAlive && deadButLive(p) ? new ProcessSnapshot(p.name(), p.state() == ProcessState.STOPPING
                    ? ProcessState.STOPPING : ProcessState.STOPPED, 0, p.startedAt(), p.restarts(), p.lastExit(), p.lastExitAt(),
                    p.nextRestartAt(), p.stoppedByHand(), p.dependsOn(), ProcessSnapshot.UNKNOWN_HEALTH) : p;
            GroupUsage u = usage.get(shown.pid());
            array.add(ProcessJson.write(shown, u == null ? OptionalLong.empty() : OptionalLong.of(u.rssBytes()),
                    u == null ? Optional.empty() : Optional.of(u.cpuPercent())));
        }
        return array;
    }

    /** {@return whether the snapshot names a pid that no longer runs} */
    static boolean deadButLive(ProcessSnapshot p) {
        return p.pid() > 0 && ProcStat.hasEnded(p.pid());
    }
}
