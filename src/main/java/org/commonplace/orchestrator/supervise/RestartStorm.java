package org.commonplace.orchestrator.supervise;

import java.util.Optional;
import org.commonplace.orchestrator.policy.Burst;

/**
 * Keeps a crash loop from flooding the terminal without losing its count. A process restarted more
 * than {@link #LIMIT} times within {@link #WINDOW_MS} (a crash loop with {@code backoff_ms: 0} runs at
 * about a thousand restarts a second, three lines each) is in a storm: its restarts are no longer told
 * one by one but counted, and a line every {@link #REPORT_MS} sums them up ("web restarted 1234 times
 * in the last 5.0 s (last: exited with code 1)"). A report with nothing to tell ends the storm.
 * The counting is {@link Burst}'s; this says it in a restart's words. One per process; supervisor
 * thread only.
 */
final class RestartStorm {
    /** More restarts than this within the window make a storm. */
    static final int LIMIT = 10;
    static final long WINDOW_MS = 1000;
    /** How often a storm is summed up. */
    static final long REPORT_MS = Burst.REPORT_MS;

    // The restart that begins the storm is counted too: the reports add up to every restart not told.
    private final Burst burst = new Burst(LIMIT, WINDOW_MS, Burst.Beginning.COUNTED);

    /**
     * A restart was decided at {@code nowMs}: {@return how to tell it} ({@code BEGINS}: say that the
     * storm begins and schedule its first report).
     *
     * @param how how the process ended, such as "exited with code 1"
     */
    Burst.Telling restarted(long nowMs, String how) {
        return burst.happened(nowMs, how);
    }

    /** {@return whether restarts are being counted instead of told (its start lines are quiet too)} */
    boolean raging() {
        return burst.bursting();
    }

    /**
     * The report falls due (or the process stops being restarted): {@return the line summing up the
     * restarts counted since the last one, with the process name to be put in front}; empty when
     * there were none, which ends the storm.
     */
    Optional<String> report(long nowMs) {
        return burst.report(nowMs).map(sum -> "restarted " + sum.count() + (sum.count() == 1 ? " time" : " times")
                + " in the last " + Actions.duration(sum.nowMs() - sum.sinceMs()) + " (last: " + sum.last() + ")");
    }
}
