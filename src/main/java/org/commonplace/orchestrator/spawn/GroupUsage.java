package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * What a process group costs, from /proc: the resident memory of all its live members, and their
 * CPU time as a share of one CPU since the leader started (the average {@code ps} shows as %CPU).
 * A member that left the group (setsid) is not counted.
 *
 * @param rssBytes   resident set size of the group's members, summed
 * @param cpuPercent CPU time of the live members over the leader's lifetime, in percent of one CPU
 */
public record GroupUsage(long rssBytes, double cpuPercent) {
    /**
     * {@return the usage of each group led by one of {@code pgids} that still runs} One pass over
     * /proc for all of them.
     */
    public static Map<Long, GroupUsage> of(Collection<Long> pgids) {
        var result = new HashMap<Long, GroupUsage>();
        var wanted = new HashSet<>(pgids);
        wanted.remove(0L);
        if (wanted.isEmpty()) {
            return result;
        }
        var rss = new HashMap<Long, Long>();
        var cpu = new HashMap<Long, Long>();
        var leaders = new HashMap<Long, Long>();
        for (ProcStat.Entry e : ProcStat.all()) {
            if (!wanted.contains(e.pgid()) || e.zombie()) {
                continue;
            }
            if (e.pid() == e.pgid()) {
                leaders.put(e.pid(), e.startTime());
            }
            rss.merge(e.pgid(), rssBytes(e.pid()), Long::sum);
            cpu.merge(e.pgid(), cpuTicks(e.pid()), Long::sum);
        }
        long now;
        try {
            now = ProcStat.nowTicks();
        } catch (IOException e) {
            // Out of open files, most likely: the figures are left out (shown as unknown) this time.
            return result;
        }
        leaders.forEach((pgid, start) -> {
            long elapsed = now - start;
            double percent = elapsed <= 0 ? 0 : 100.0 * cpu.getOrDefault(pgid, 0L) / elapsed;
            result.put(pgid, new GroupUsage(rss.getOrDefault(pgid, 0L), percent));
        });
        return result;
    }

    private static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone while we looked
        }
        return 0;
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
