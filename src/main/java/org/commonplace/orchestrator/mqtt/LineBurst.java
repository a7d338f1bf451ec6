package org.commonplace.orchestrator.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.commonplace.orchestrator.policy.Burst;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Lines of one kind said from the client's thread (a command taken, one refused), kept few: as they
 * come while they are few, then summed up every {@link Burst#REPORT_MS} while they flood ("MQTT: 4,980
 * more commands refused in the last 5.0 s"). Whoever floods the broker must not flood our terminal
 * and log, nor the supervisor's queue with one line each. Thread-safe.
 */
final class LineBurst {
    /** Runs an action after a delay (the fabric has no timer of its own; a test runs it by hand). */
    interface Later {
        void run(long delayMs, Runnable action);
    }

    /** {@return a timer on the JDK's shared delayer thread (no thread of ours): it only posts a line} */
    static Later timer() {
        return (delayMs, action) -> CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(action);
    }

    private final Burst burst;
    private final Function<Burst.Sum, String> summary;
    private final Ticker ticker;
    private final Later later;
    private final Consumer<String> say;

    /**
     * @param limit    how many lines within {@code windowMs} are said one by one
     * @param summary  the line that sums up a report ("MQTT: " + sum.count() + " more commands ...")
     * @param say      where a line goes (posted to the supervisor, in order with its own lines)
     */
    LineBurst(int limit, long windowMs, Function<Burst.Sum, String> summary, Ticker ticker, Later later, Consumer<String> say) {
        this.burst = new Burst(limit, windowMs);
        this.summary = summary;
        this.ticker = ticker;
        this.later = later;
        this.say = say;
    }

    /**
     * Says {@code line}, or counts it when too many came.
     *
     * @param what what it was, for the summary's "last:"
     */
    synchronized void say(String line, String what) {
        switch (burst.happened(ticker.millis(), what)) {
            case LINE -> say.accept(line);
            case BEGINS -> {
                say.accept(line + "; more like it are summed up every " + Burst.REPORT_MS / 1000 + " s");
                later.run(Burst.REPORT_MS, this::report);
            }
            case COUNTED -> {
            }
        }
    }

    private synchronized void report() {
        burst.report(ticker.millis()).ifPresent(sum -> {
            say.accept(summary.apply(sum));
            later.run(Burst.REPORT_MS, this::report);
        });
    }
}
