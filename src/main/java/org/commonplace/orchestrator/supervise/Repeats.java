package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a burst of the same line from flooding the console without losing its count, as {@link
 * RestartStorm} does for crash loops: 309 SIGHUPs in 0.9 s printed 308 identical "received SIGHUP
 * again" lines. A line is said once; the same line again within {@link #QUIET_MS} of the last time it
 * was heard is counted instead, and the count is said at most every {@link #REPORT_MS} ("received
 * SIGALRM: ignored (307 more times in the last 5.0 s)"). A report with nothing to tell ends the burst,
 * so the same line heard later, on its own, is said again. Supervisor thread only.
 */
final class Repeats {
    /** The same line within this long of the last is part of a burst. */
    static final long QUIET_MS = 1000;
    /** How often a burst's count is said. */
    static final long REPORT_MS = 5000;
    /** At most this many lines are followed (the lines are the loop's own: a few signals, a few commands). */
    static final int MAX_LINES = 64;

    /** How one line heard is to be told. */
    enum Telling {
        /** Say it, as usual. */
        SAY,
        /** Not at all: counted, and the first count of a burst (schedule its report). */
        COUNT_BEGINS,
        /** Not at all: counted for the report already scheduled. */
        COUNTED
    }

    private static final class Burst {
        long lastMs;
        int counted;
        long countedSinceMs;
    }

    private final Map<String, Burst> bursts = new LinkedHashMap<>();

    /** {@code line} is to be said at {@code nowMs}: {@return whether to say it or count it} */
    Telling heard(String line, long nowMs) {
        Burst burst = bursts.get(line);
        if (burst != null && (burst.counted > 0 || nowMs - burst.lastMs < QUIET_MS)) {
            burst.lastMs = nowMs;
            if (burst.counted++ == 0) {
                burst.countedSinceMs = nowMs;
                return Telling.COUNT_BEGINS;
            }
            return Telling.COUNTED;
        }
        if (burst == null) {
            if (bursts.size() >= MAX_LINES) {
                bursts.values().removeIf(b -> b.counted == 0);
            }
            if (bursts.size() >= MAX_LINES) {
                return Telling.SAY; // every one followed is in a burst: this one is said, not followed
            }
            burst = new Burst();
            bursts.put(line, burst);
        }
        burst.lastMs = nowMs;
        return Telling.SAY;
    }

    /**
     * A report of {@code line}'s burst falls due: {@return the line with the count since the last
     * report}, after which another report is to be scheduled; empty when nothing was counted, which
     * ends the burst.
     */
    Optional<String> report(String line, long nowMs) {
        Burst burst = bursts.get(line);
        if (burst == null || burst.counted == 0) {
            bursts.remove(line);
            return Optional.empty();
        }
        String told = line + " (" + burst.counted + (burst.counted == 1 ? " more time" : " more times") + " in the last "
                + Actions.duration(nowMs - burst.countedSinceMs) + ")";
        burst.counted = 0;
        burst.countedSinceMs = nowMs;
        return Optional.of(told);
    }

    /** Everything counted and not yet said (before the last line of a run): {@return one line per burst} */
    List<String> reportAll(long nowMs) {
        var lines = new ArrayList<String>();
        for (String line : new ArrayList<>(bursts.keySet())) {
            if (bursts.get(line).counted > 0) {
                report(line, nowMs).ifPresent(lines::add);
            }
        }
        return lines;
    }
}
