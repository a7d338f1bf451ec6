package org.commonplace.orchestrator.supervise;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Keeps a crash loop from flooding the terminal without losing its count. A process restarted more
 * than {@link #LIMIT} times within {@link #WINDOW_MS} (a crash loop with {@code backoff_ms: 0} runs at
 * about a thousand restarts a second, three lines each) is in a storm: its restarts are no longer told
 * one by one but counted, and a line every {@link #REPORT_MS} sums them up ("web restarted 1234 times
 * in the last 5.0 s (last: exited with code 1)"). A report with nothing to tell ends the storm.
 * One per process; supervisor thread only.
 */
final class RestartStorm {
    /** More restarts than this within the window make a storm. */
    static final int LIMIT = 10;
    static final long WINDOW_MS = 1000;
    /** How often a storm is summed up. */
    static final long REPORT_MS = 5000;

    /** How one restart is to be told. */
    enum Telling {
        /** Line by line, as usual. */
        LINES,
        /** Not at all: the storm starts now (say so, and schedule the first report). */
        STORM_BEGINS,
        /** Not at all: counted for the next report. */
        COUNTED
    }

    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private boolean raging;
    private int counted;
    private long countedSinceMs;
    private String last = "";

    /**
     * A restart was decided at {@code nowMs}.
     *
     * @param how how the process ended, such as "exited with code 1"
     */
    Telling restarted(long nowMs, String how) {
        recent.addLast(nowMs);
        while (recent.size() > LIMIT + 1 || nowMs - recent.peekFirst() >= WINDOW_MS) {
            recent.pollFirst();
        }
        if (raging) {
            counted++;
            last = how;
            return Telling.COUNTED;
        }
        if (recent.size() > LIMIT) {
            raging = true;
            counted = 1;
            countedSinceMs = nowMs;
            last = how;
            return Telling.STORM_BEGINS;
        }
        return Telling.LINES;
    }

    /** {@return whether restarts are being counted instead of told (its start lines are quiet too)} */
    boolean raging() {
        return raging;
    }

    /**
     * The report falls due (or the process stops being restarted): {@return the line summing up the
     * restarts counted since the last one, with the process name to be put in front}; empty when
     * there were none, which ends the storm.
     */
    Optional<String> report(long nowMs) {
        if (!raging || counted == 0) {
            raging = false;
            recent.clear();
            return Optional.empty();
        }
        String line = "restarted " + counted + (counted == 1 ? " time" : " times") + " in the last "
                + Actions.duration(nowMs - countedSinceMs) + " (last: " + last + ")";
        counted = 0;
        countedSinceMs = nowMs;
        return Optional.of(line);
    }
}
