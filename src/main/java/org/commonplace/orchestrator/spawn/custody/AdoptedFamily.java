package org.commonplace.orchestrator.spawn.custody;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.spawn.ProcStat;

/**
 * An adopted orphan and everything that shares its process group or session: what a daemon that left
 * one of our children runs (its workers, their helpers). A session cannot be joined from outside and
 * its id is not reused while any member lives, so every member is a descendant of something we
 * started. Our own session and group are never included.
 */
final class AdoptedFamily {
    private AdoptedFamily() {
    }

    /** One process to stop, the start time it had when we looked, and why it is ours to stop. */
    record Member(long pid, long startTime, String command, String why) {
    }

    /** {@return the adopted processes in {@code adopted} that still run, then the rest of their groups and sessions} */
    static List<Member> of(List<Long> adopted) {
        if (adopted.isEmpty()) {
            return List.of();
        }
        ProcStat.Entry self = ProcStat.entry(ProcessHandle.current().pid());
        var members = new LinkedHashMap<Long, Member>();
        var families = new LinkedHashMap<Long, ProcStat.Entry>();
        for (long pid : adopted) {
            ProcStat.Entry e = ProcStat.entry(pid);
            if (e != null && !e.zombie()) {
                members.put(pid, new Member(pid, e.startTime(), ProcStat.commandLine(pid),
                        "its parent exited and it was reparented to us"));
                families.put(pid, e);
            }
        }
        for (ProcStat.Entry p : ProcStat.all()) {
            if (p.zombie() || members.containsKey(p.pid()) || p.pid() == self.pid()
                    || p.session() == self.session() || p.pgid() == self.pgid()) {
                continue;
            }
            relative(p, families).ifPresent(head -> members.put(p.pid(), new Member(p.pid(), p.startTime(),
                    ProcStat.commandLine(p.pid()), "in the process group or session of pid " + head + ", which was reparented to us")));
        }
        return new ArrayList<>(members.values());
    }

    private static java.util.Optional<Long> relative(ProcStat.Entry p, Map<Long, ProcStat.Entry> families) {
        for (ProcStat.Entry head : families.values()) {
            if (p.pgid() == head.pgid() || p.session() == head.session()) {
                return java.util.Optional.of(head.pid());
            }
        }
        return java.util.Optional.empty();
    }
}
