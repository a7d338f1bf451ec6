package org.commonplace.orchestrator.supervise;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action after a delay. The supervisor's only way to wait, so tests use a fake that fires
 * timers when the test advances its clock. Actions only post events.
 */
public interface Scheduler {
    /** A scheduled action that can be called off. */
    interface Cancellable {
        void cancel();
    }

    /** Runs {@code action} once, {@code delayMs} from now, on a timer thread. */
    Cancellable schedule(long delayMs, Runnable action);

    /** {@return a scheduler on one daemon thread, which sleeps when no timer is pending} */
    static Scheduler daemon() {
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "timers");
            t.setDaemon(true);
            return t;
        });
        // Cancelled stop timers are dropped at once instead of lingering until they fall due.
        executor.setRemoveOnCancelPolicy(true);
        return (delayMs, action) -> {
            var future = executor.schedule(action, delayMs, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
