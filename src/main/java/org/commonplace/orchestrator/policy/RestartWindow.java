package org.commonplace.orchestrator.policy;

import java.util.ArrayDeque;

/**
 * The restarts of one process that fall within the last {@code withinMs} (OTP's restart intensity
 * and period, {@code supervisor:add_restart}): monotonic times, the oldest dropped once they are
 * {@code withinMs} old or more.
 *
 * <p>Bounded: only whether more than {@code limit} restarts fall within the window matters, so at
 * most {@code limit + 1} times are kept, whatever the crash rate. Pure: the caller passes the time.
 * Not thread-safe; owned by the supervisor thread.
 */
public final class RestartWindow {
    private final int limit;
    private final long withinMs;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /**
     * @param limit    how many restarts within the window are allowed (more gives up)
     * @param withinMs the window, at least 1 ms
     */
    public RestartWindow(int limit, long withinMs) {
        if (limit < 1 || withinMs < 1) {
            throw new IllegalArgumentException("a restart window needs a limit and a length of 1 or more, got "
                    + limit + " within " + withinMs + " ms");
        }
        this.limit = limit;
        this.withinMs = withinMs;
    }

    /** Records a restart at {@code nowMs}; {@return how many restarts, this one included, fall within the window} */
    public int add(long nowMs) {
        times.addLast(nowMs);
        // Past limit + 1 the answer is "too many" whatever the older times were: they need not be kept.
        while (times.size() > limit + 1) {
            times.pollFirst();
        }
        return count(nowMs);
    }

    /** {@return how many recorded restarts fall within the window that ends at {@code nowMs}} */
    public int count(long nowMs) {
        while (!times.isEmpty() && nowMs - times.peekFirst() >= withinMs) {
            times.pollFirst();
        }
        return times.size();
    }

    /** {@return the window's length in milliseconds} */
    public long withinMs() {
        return withinMs;
    }
}
