package org.commonplace.orchestrator.output;

import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread, for every log file, that does what rotation leaves to do off the output path: gzipping
 * rotated files and deleting those past their age ({@link RotatedArchive}). The writer thread only
 * renames and hands over; it never waits here.
 *
 * <p>Bounded: its queue holds each log's {@link RotatedArchive} once at most (a flag says whether it
 * is queued), so it never holds more entries than there are log files; the files each archive waits
 * to compress are bounded by {@code max_files}. Ages are checked after each rotation and every
 * {@link #SWEEP_EVERY_MS} besides (a log that stopped growing still loses its old files), by the
 * time {@code clock} tells (a fake one in tests).
 */
final class LogKeeper {
    static final long SWEEP_EVERY_MS = 60 * 60 * 1000;

    private final InstantSource clock;
    private final java.util.function.Consumer<String> report;
    private final LinkedBlockingQueue<RotatedArchive> ready = new LinkedBlockingQueue<>();
    private final Set<RotatedArchive> all = ConcurrentHashMap.newKeySet();

    LogKeeper(InstantSource clock, java.util.function.Consumer<String> report) {
        this.clock = clock;
        this.report = report;
        Thread.ofPlatform().daemon().name("keep-logs").stackSize(256 * 1024).start(this::keepForever);
    }

    /** Looks after {@code archive} from now on; its files left by an earlier run are compressed at once. */
    void add(RotatedArchive archive) {
        all.add(archive);
        wake(archive);
    }

    /** {@code archive} has work (a file was rotated): never blocks. */
    void wake(RotatedArchive archive) {
        if (archive.queued.compareAndSet(false, true)) {
            ready.add(archive);
        }
    }

    private void keepForever() {
        long lastSweep = System.nanoTime();
        while (true) {
            RotatedArchive next;
            try {
                next = ready.poll(SWEEP_EVERY_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (next != null) {
                    next.queued.set(false);
                    next.work(clock.instant());
                }
                if (System.nanoTime() - lastSweep >= TimeUnit.MILLISECONDS.toNanos(SWEEP_EVERY_MS)) {
                    lastSweep = System.nanoTime();
                    all.forEach(a -> a.sweep(clock.instant()));
                }
            } catch (RuntimeException e) {
                // A surprise about one file must not end the keeping of all of them.
                report.accept("keeping the rotated log files: " + e);
            }
        }
    }
}
