package org.commonplace.orchestrator.policy;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Keeps a burst of like lines from flooding the terminal and the log without losing their count (the
 * rule of the restart storms): more than {@code limit} happenings within {@code windowMs} make a burst;
 * from then on they are not told one by one but counted, and whoever owns this sums them up every
 * {@link #REPORT_MS} with {@link #report}; a report with nothing to tell ends the burst. The one rule
 * for every such burst: restart storms, repeated signal lines, MQTT command floods, flapping remote
 * dependencies.
 *
 * <p>Pure: the caller passes the time and says the lines. Not thread-safe; one owner, or its lock.
 */
public final class Burst {
    /** How often a burst is summed up. */
    public static final long REPORT_MS = 5000;

    /** How one happening is to be told. */
    public enum Telling {
        /** As a line of its own, as usual. */
        LINE,
        /** Not on its own: the burst starts now (schedule the first report, and say so where it is said). */
        BEGINS,
        /** Not at all: counted for the next report. */
        COUNTED
    }

    /** What becomes of the happening that begins a burst. */
    public enum Beginning {
        /** Told in the line that says the burst begins ("...; more like it are summed up"): not in a report. */
        TOLD,
        /** In the first report's count, as every happening not told line by line ("restarted 1224 times"). */
        COUNTED
    }

    /** What a report sums up: {@code count} happenings since {@code sinceMs}, the last described as {@code last}. */
    public record Sum(int count, long sinceMs, long nowMs, String last) {
        /** {@return how long the sum covers: "5.0 s"} */
        public String window() {
            return String.format(java.util.Locale.ROOT, "%.1f s", (nowMs - sinceMs) / 1000.0);
        }
    }

    private final int limit;
    private final long windowMs;
    private final Beginning beginning;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private boolean bursting;
    private int counted;
    private long countedSinceMs;
    private String last = "";

    /** A burst whose beginning is {@linkplain Beginning#TOLD told}, not counted. */
    public Burst(int limit, long windowMs) {
        this(limit, windowMs, Beginning.TOLD);
    }

    /**
     * @param limit     how many happenings within the window are told line by line
     * @param windowMs  the window
     * @param beginning whether the happening that begins a burst is counted in its first report
     */
    public Burst(int limit, long windowMs, Beginning beginning) {
        if (limit < 0 || windowMs <= 0) {
            throw new IllegalArgumentException("a burst needs a limit of 0 or more and a window, got " + limit + " in " + windowMs);
        }
        this.limit = limit;
        this.windowMs = windowMs;
        this.beginning = beginning;
    }

    /**
     * Something happened at {@code nowMs}; {@return how to tell it}
     *
     * @param what what it was, for the report's "last:" ("start web", "ready")
     */
    public Telling happened(long nowMs, String what) {
        last = what;
        if (bursting) {
            counted++;
            return Telling.COUNTED;
        }
        recent.addLast(nowMs);
        // Only the last limit + 1 times matter: the deque never holds more.
        while (recent.size() > limit + 1 || nowMs - recent.peekFirst() >= windowMs) {
            recent.pollFirst();
        }
        if (recent.size() > limit) {
            bursting = true;
            counted = beginning == Beginning.COUNTED ? 1 : 0;
            countedSinceMs = nowMs;
            recent.clear();
            return Telling.BEGINS;
        }
        return Telling.LINE;
    }

    /** {@return whether happenings are counted instead of told} */
    public boolean bursting() {
        return bursting;
    }

    /**
     * The report falls due (or the happenings end for good): {@return what was counted since the last
     * one}; empty when nothing was, which ends the burst and forgets the happenings told line by line
     * (the next happening is told as a line again, and a new burst needs a full {@code limit} more).
     */
    public Optional<Sum> report(long nowMs) {
        if (!bursting || counted == 0) {
            bursting = false;
            recent.clear();
            return Optional.empty();
        }
        var sum = new Sum(counted, countedSinceMs, nowMs, last);
        counted = 0;
        countedSinceMs = nowMs;
        return Optional.of(sum);
    }
}
