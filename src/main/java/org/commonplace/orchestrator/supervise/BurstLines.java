package org.commonplace.orchestrator.supervise;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Burst;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Says the loop's own lines that can come in bursts (a signal sent 300 times, the same notice over
 * and over, a remote dependency that flaps): as they come while they are few, then a count every
 * {@link Burst#REPORT_MS} at most until a report has nothing to tell, and before the last line
 * ({@link Repeats} keeps the counts of repeated lines; a flapping dependency brings its own {@link
 * Burst}). Supervisor thread only; the reports come back to it as events.
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
            case BEGINS -> reportEvery(now -> repeats.report(key, now));
            case COUNTED -> {
            }
        }
    }

    /**
     * One happening of those {@code burst} counts: says {@code line} while they are few, {@code begins}
     * when they become a burst, and then {@code summary} of the burst's sum every {@link Burst#REPORT_MS}.
     *
     * @param what what it was, for the sum's {@code last()}
     */
    void tell(Burst burst, String what, String line, String begins, Function<Burst.Sum, String> summary) {
        switch (burst.happened(ticker.millis(), what)) {
            case LINE -> console.info(line);
            case BEGINS -> {
                console.info(begins);
                reportEvery(now -> burst.report(now).map(summary));
            }
            case COUNTED -> {
            }
        }
    }

    /** Says every count not said yet: the run ends, and the summary must be its last line. */
    void sumUp() {
        repeats.reportAll(ticker.millis()).forEach(console::info);
    }

    /** Says what {@code report} tells in {@link Burst#REPORT_MS}, on the loop thread, and again until it tells nothing. */
    private void reportEvery(LongFunction<Optional<String>> report) {
        scheduler.schedule(Burst.REPORT_MS, () -> post.accept(new Event.Call(() -> report.apply(ticker.millis()).ifPresent(told -> {
            console.info(told);
            reportEvery(report);
        }))));
    }
}
