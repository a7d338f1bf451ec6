package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.spawn.GroupUsage;

/**
 * The process list as {@code ps}, {@code watch} and the replies of commands send it: each process as
 * the supervisor's snapshot says, with RSS and CPU. States are never made up here: a view shows what
 * the supervisor knows, nothing else.
 */
final class ProcessList {
    private ProcessList() {
    }

    /** {@return the list for {@code ps} and command replies, with usage read now} */
    static ArrayNode now(List<ProcessSnapshot> processes) {
        var usage = GroupUsage.of(processes.stream().map(ProcessSnapshot::pid).filter(pid -> pid > 0).toList());
        return json(processes, usage);
    }

    /** {@return the list with the given usage figures} */
    static ArrayNode json(List<ProcessSnapshot> processes, Map<Long, GroupUsage> usage) {
        ArrayNode array = Protocol.NODES.arrayNode();
        for (ProcessSnapshot p : processes) {
            GroupUsage u = usage.get(p.pid());
            array.add(ProcessJson.write(p, u == null ? OptionalLong.empty() : OptionalLong.of(u.rssBytes()),
                    u == null ? Optional.empty() : Optional.of(u.cpuPercent())));
        }
        return array;
    }
}
