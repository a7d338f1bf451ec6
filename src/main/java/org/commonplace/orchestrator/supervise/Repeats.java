package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.policy.Burst;

/**
 * Keeps a burst of the same line from flooding the console without losing its count, by the rule of
 * {@link Burst} (as {@link RestartStorm} does for crash loops): 309 SIGHUPs in 0.9 s printed 308
 * identical "received SIGHUP again" lines. A line is said once; the same line again within {@link
 * #QUIET_MS} of the last time it was heard begins a burst, counted, and the count is said every
 * {@link #REPORT_MS} ("received SIGALRM: ignored (307 more times in the last 5.0 s)"). A report with
 * nothing to tell ends the burst, so the same line heard later, on its own, is said again. One
 * {@link Burst} per line, for at most {@link #MAX_LINES} lines. Supervisor thread only.
 */
final class Repeats {
    /** The same line within this long of the last is part of a burst. */
    static final long QUIET_MS = 1000;
    /** How often a burst's count is said. */
    static final long REPORT_MS = Burst.REPORT_MS;
    /** At most this many lines are followed (the lines are the loop's own: a few signals, a few commands). */
    static final int MAX_LINES = 64;

    private final Map<String, Burst> bursts = new LinkedHashMap<>();

    /**
     * {@code line} is to be said at {@code nowMs}: {@return whether to say it ({@code LINE}) or count
     * it} ({@code BEGINS}: the first count of a burst, schedule its report)
     */
    Burst.Telling heard(String line, long nowMs) {
        Burst burst = bursts.get(line);
        if (burst == null) {
            if (bursts.size() >= MAX_LINES) {
                bursts.values().removeIf(b -> !b.bursting());
            }
            if (bursts.size() >= MAX_LINES) {
                return Burst.Telling.LINE; // every one followed is in a burst: this one is said, not followed
            }
            // Said once; the same line once more within QUIET_MS is the burst, counted from there on.
            burst = new Burst(1, QUIET_MS, Burst.Beginning.COUNTED);
            bursts.put(line, burst);
        }
        return burst.happened(nowMs, line);
    }

    /**
     * A report of {@code line}'s burst falls due: {@return the line with the count since the last
     * report}, after which another report is to be scheduled; empty when nothing was counted, which
     * ends the burst.
     */
    Optional<String> report(String line, long nowMs) {
        Burst burst = bursts.get(line);
        Optional<Burst.Sum> sum = burst == null ? Optional.empty() : burst.report(nowMs);
        if (sum.isEmpty()) {
            bursts.remove(line);
        }
        return sum.map(s -> line + " (" + s.count() + (s.count() == 1 ? " more time" : " more times") + " in the last "
                + Actions.duration(s.nowMs() - s.sinceMs()) + ")");
    }

    /** Everything counted and not yet said (before the last line of a run): {@return one line per burst} */
    List<String> reportAll(long nowMs) {
        var lines = new ArrayList<String>();
        for (String line : new ArrayList<>(bursts.keySet())) {
            if (bursts.get(line).bursting()) {
                report(line, nowMs).ifPresent(lines::add);
            }
        }
        return lines;
    }
}
