package org.commonplace.orchestrator.supervise;

import java.util.function.Consumer;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Says the loop's own lines that can come in bursts (a signal sent 300 times, the same notice over
 * and over): once, and then a count every few seconds at most, and before the last line ({@link
 * Repeats} keeps the counts). Supervisor thread only; the reports come back to it as events.
 */
final class BurstLines {
    private final Repeats repeats = new Repeats();
    private final Console console;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Consumer<Event> post;

    BurstLines(Console console, Scheduler scheduler, Ticker ticker, Consumer<Event> post) {
        this.console = console;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.post = post;
    }

    /** Says {@code line}, unless it is the same line again within a second: then it is counted. */
    void say(String line) {
        tell(line, () -> console.info(line));
    }

    /** Runs {@code say} unless {@code key} repeats in a burst; the burst is summed up as {@code key} and a count. */
    void tell(String key, Runnable say) {
        switch (repeats.heard(key, ticker.millis())) {
            case LINE -> say.run();
            case BEGINS -> scheduleReport(key);
            case COUNTED -> {
            }
        }
    }

    /** Says every count not said yet: the run ends, and the summary must be its last line. */
    void sumUp() {
        repeats.reportAll(ticker.millis()).forEach(console::info);
    }

    private void scheduleReport(String key) {
        scheduler.schedule(Repeats.REPORT_MS, () -> post.accept(new Event.Call(() -> repeats.report(key, ticker.millis()).ifPresent(told -> {
            console.info(told);
            scheduleReport(key);
        }))));
    }
}
