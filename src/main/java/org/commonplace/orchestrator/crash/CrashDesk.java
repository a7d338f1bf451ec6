package org.commonplace.orchestrator.crash;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.CrashReport;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessSnapshot;

/**
 * Makes each crash's report on a thread of its own: copies the process's last {@link
 * CrashReport#MAX_LINES} lines up to the crash's mark, keeps the report in the {@link CrashBook}, and
 * hands it to whoever listens (the MQTT crash topic, the {@code on_failure} hooks).
 *
 * <p>Bounded: at most {@link #MAX_WAITING} crashes wait; more (hundreds of processes crashing in the
 * same moment) are dropped, counted and said once with the next report made.
 */
public final class CrashDesk {
    static final int MAX_WAITING = 64;

    /** A crash as the supervisor's thread saw it. */
    record Crash(ProcessSnapshot snapshot, boolean gaveUp, long mark) {
    }

    private final BlockingQueue<Crash> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final AtomicLong dropped = new AtomicLong();
    /** Crashes offered and not yet reported (guarded by this). */
    private int unfinished;
    private final RecentLines lines;
    private final CrashBook book;
    private final Consumer<String> say;
    private final List<Consumer<CrashReport>> listeners = new CopyOnWriteArrayList<>();

    /** @param say a line of ours on the console (must not block) */
    public CrashDesk(RecentLines lines, CrashBook book, Consumer<String> say) {
        this.lines = lines;
        this.book = book;
        this.say = say;
        Thread.ofPlatform().daemon().name("crash-reports").stackSize(256 * 1024).start(this::serveForever);
    }

    /** Hands each report to {@code listener} too, on this desk's thread (it must not block for long). */
    public void onReport(Consumer<CrashReport> listener) {
        listeners.add(listener);
    }

    /** Never blocks: a full queue drops the crash (counted). */
    void offer(Crash crash) {
        synchronized (this) {
            unfinished++;
        }
        if (!waiting.offer(crash)) {
            dropped.incrementAndGet();
            done();
        }
    }

    private synchronized void done() {
        unfinished--;
        notifyAll();
    }

    /** Waits up to {@code ms} for every crash offered so far to be reported (at the end of a run). {@return whether they were} */
    public synchronized boolean awaitIdle(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (unfinished > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    void forget(String name) {
        book.forget(name);
    }

    private void serveForever() {
        while (true) {
            Crash crash;
            try {
                crash = waiting.take();
            } catch (InterruptedException e) {
                return;
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                say.accept(lost + " crash reports were dropped: more than " + MAX_WAITING + " processes crashed at once");
            }
            try {
                report(crash);
            } catch (RuntimeException e) {
                // One report that fails must not end the reports of the others.
                say.accept("cannot make the crash report of " + crash.snapshot().name() + ": " + e);
            } finally {
                done();
            }
        }
    }

    private void report(Crash crash) {
        ProcessSnapshot s = crash.snapshot();
        CrashReport report = new CrashReport(s.name(), s.lastExit().orElseGet(ExitStatus::launchFailed),
                s.lastExitAt().orElseGet(Instant::now), s.restarts(), crash.gaveUp(),
                lines.last(s.name(), CrashReport.MAX_LINES, crash.mark()));
        book.put(report);
        for (Consumer<CrashReport> listener : listeners) {
            listener.accept(report);
        }
    }
}
