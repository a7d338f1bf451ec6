package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The log files: every process's output, and our own lines, each in a file of its own, written by
 * one thread for all of them (no thread per process), rotated by size.
 *
 * <p>Writing: a producer hands over whole lines; they are copied into one queue and written there,
 * so an I/O loop never waits on a disk. The queue keeps the {@link Backlog} policy of all our writers:
 * while the disk is slow but moving, a producer waits for room (up to 8 MiB queued); after a second
 * without progress lines are dropped and counted instead.
 *
 * <p>Rotation: before a batch would take a file over its size, the lines that still fit are written,
 * then {@code name.log.N-1} becomes {@code .N} … {@code name.log} becomes {@code .1}, and a new
 * {@code name.log} is made. A line is never split across files (a line longer than the limit gets
 * a file of its own), and the queue holds what arrives meanwhile, so nothing is lost.
 *
 * <p>Age and compression ({@code max_age_days}, {@code compress}): what rotation leaves to do is done
 * on another thread ({@link LogKeeper}, {@link RotatedArchive}): with compression a rotation only
 * renames the full file aside, and the keeper gzips it into {@code name.log.1.gz} (shifting the older
 * ones); rotated files older than the age are deleted by the keeper.
 *
 * <p>Trouble: a write that fails (a full disk) is taken back (the file is truncated to where the
 * batch began, so it keeps ending with a whole line), reported once through {@code report}, and
 * every later batch is tried again; the first that is written is reported too, with the lines lost.
 *
 * <p>Safety (the orchestrator often runs as root, and a log folder may be writable by others): a new
 * file is made with {@code O_CREAT|O_EXCL} (never through a link, never an existing file) and mode
 * 0640; an existing one is opened with {@code O_NOFOLLOW} and used only when it is a regular file of
 * ours with one link ({@link OwnFile}). Rotation renames, which replaces a link without following it; a
 * rotated name held by a folder or another user's file is gone around (said once).
 */
public final class LogFiles {
    /** What is queued: lines for a file, or (no file) the request to close every file. */
    private record Item(LogFile file, byte[] bytes) {
    }

    private static final Item REOPEN = new Item(null, null);

    /**
     * Where a stream's file is, and how it rotates.
     *
     * @param maxAgeDays rotated files last written longer ago than this are deleted; 0: kept whatever their age
     * @param compress   whether rotated files are gzipped ({@code name.log.1.gz} …)
     */
    public record Spec(Path path, long maxBytes, int maxFiles, int maxAgeDays, boolean compress) {
        /** Rotated by size only, rotated files uncompressed and kept whatever their age. */
        public Spec(Path path, long maxBytes, int maxFiles) {
            this(path, maxBytes, maxFiles, 0, false);
        }
    }

    private final Consumer<String> report;
    private final Backlog<Item> backlog = new Backlog<>(System::nanoTime);
    private final Map<Path, LogFile> files = new ConcurrentHashMap<>();
    /** Whether a {@link #REOPEN} is queued and not taken yet: one at most, however many are asked for. */
    private final AtomicBoolean reopenQueued = new AtomicBoolean();

    private final InstantSource clock;
    /** Made when the first file needs it (compression or an age): most runs never start its thread. */
    private LogKeeper keeper;

    /** @param report says one line of ours (on the console); called on the writer thread, must not block */
    public LogFiles(Consumer<String> report) {
        this(report, InstantSource.system());
    }

    /** @param clock the time rotated files' ages are measured by (a fake one in tests) */
    LogFiles(Consumer<String> report, InstantSource clock) {
        this.report = report;
        this.clock = clock;
        Thread.ofPlatform().daemon().name("write-logs").stackSize(256 * 1024).start(this::writeForever);
    }

    /** {@return the file at {@code spec}'s path (one per path, kept across restarts)} */
    public LogFile file(Spec spec) {
        return files.computeIfAbsent(spec.path(), p -> new LogFile(spec));
    }

    private synchronized LogKeeper keeper() {
        if (keeper == null) {
            keeper = new LogKeeper(clock, report);
        }
        return keeper;
    }

    /**
     * Closes every file once what was handed over before is written; each is opened again (made anew
     * where it was moved away) at its next write.
     */
    public void reopen() {
        if (reopenQueued.compareAndSet(false, true)) {
            backlog.add(REOPEN);
        }
    }

    /** Waits up to {@code ms} for everything handed over so far to be written (not while the disk is stuck). */
    public void flush(long ms) {
        try {
            backlog.drain(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeForever() {
        while (true) {
            Item next;
            try {
                next = backlog.next();
            } catch (InterruptedException e) {
                return;
            }
            if (next == REOPEN) {
                reopenQueued.set(false);
                files.values().forEach(f -> f.file.close());
            } else {
                next.file().write(next.bytes());
            }
            backlog.written();
        }
    }

    /** One log file (and its rotated predecessors). Written by the writer thread only. */
    public final class LogFile {
        private final Spec spec;
        private final RotatingFile file;
        private boolean failing;
        private long lost;
        /** Lines dropped because the queue was full and stuck (counted by producers). */
        private final AtomicLong dropped = new AtomicLong();

        private LogFile(Spec spec) {
            this.spec = spec;
            var rotated = new RotatedArchive(spec.path(), spec.maxFiles(), spec.maxAgeDays(), spec.compress(), report);
            RotatedArchive archive = rotated.needed() ? rotated : null;
            if (archive != null) {
                keeper().add(archive);
            }
            this.file = new RotatingFile(spec, new RotatedNames(spec.path(), spec.maxFiles(), report), archive, LogFiles.this::keeper);
        }

        public Path path() {
            return spec.path();
        }

        /** Hands over whole lines; the caller may wait while the disk is slow. */
        public void write(byte[] bytes, int off, int len) {
            offer(bytes, off, len, true);
        }

        /** Hands over one line of ours, never waiting. */
        public void say(byte[] line) {
            offer(line, 0, line.length, false);
        }

        private void offer(byte[] bytes, int off, int len, boolean mayWait) {
            if (!backlog.offer(bytes, off, len, mayWait, copy -> new Item(this, copy))) {
                dropped.addAndGet(Backlog.lines(bytes, off, len));
            }
        }

        private void write(byte[] bytes) {
            long droppedNow = dropped.getAndSet(0);
            long startSize = file.size();
            try {
                startSize = file.openIfClosed();
                file.write(bytes);
                if (failing) {
                    failing = false;
                    report.accept(spec.path() + " can be written again; " + (lost + droppedNow)
                            + " lines were lost while it could not");
                    lost = 0;
                } else if (droppedNow > 0) {
                    report.accept(droppedNow + " lines were dropped for " + spec.path() + ": it did not take them for a second");
                }
            } catch (IOException | RuntimeException e) {
                file.takeBack(startSize);
                lost += Backlog.lines(bytes, 0, bytes.length) + droppedNow;
                if (!failing) {
                    failing = true;
                    report.accept("cannot write to " + spec.path() + ": " + describe(e)
                            + "; its lines are lost until it can be written again");
                }
            }
        }

    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
