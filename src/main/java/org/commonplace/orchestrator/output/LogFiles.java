package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.commonplace.orchestrator.runtime.TrustedPath;

/**
 * The log files: every process's output, and our own lines, each in a file of its own, written by
 * one thread for all of them (no thread per process), rotated by size.
 *
 * <p>Writing: a producer hands over whole lines; they are copied into one queue and written there,
 * so an I/O loop never waits on a disk. While the disk is slow but moving, a producer waits for room
 * (up to 8 MiB queued); after a second without progress lines are dropped and counted instead.
 *
 * <p>Rotation: before a batch would take a file over its size, the lines that still fit are written,
 * then {@code name.log.N-1} becomes {@code .N} … {@code name.log} becomes {@code .1}, and a new
 * {@code name.log} is made. A line is never split across files (a line longer than the limit gets
 * a file of its own), and the queue holds what arrives meanwhile, so nothing is lost.
 *
 * <p>Trouble: a write that fails (a full disk) is taken back (the file is truncated to where the
 * batch began, so it keeps ending with a whole line), reported once through {@code report}, and
 * every later batch is tried again; the first that is written is reported too, with the lines lost.
 *
 * <p>Safety (the orchestrator often runs as root, and a log folder may be writable by others): a new
 * file is made with {@code O_CREAT|O_EXCL} (never through a link, never an existing file) and mode
 * 0640; an existing one is opened with {@code O_NOFOLLOW} and used only when it is a regular file of
 * ours with one link. Rotation renames, which replaces a link without following it; a rotated name
 * held by a folder or another user's file is gone around (said once). Every folder on the way is
 * checked before each open ({@link TrustedPath}): a link another user planted there is not followed.
 */
public final class LogFiles {
    private static final long LIMIT_BYTES = 8L << 20;
    private static final long STUCK_NANOS = 1_000_000_000L;

    /** Where a stream's file is, and how it rotates. */
    public record Spec(Path path, long maxBytes, int maxFiles) {
    }

    private record Item(LogFile file, byte[] bytes) {
    }

    private final Consumer<String> report;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final Map<Path, LogFile> files = new ConcurrentHashMap<>();
    private long queuedBytes;
    private long lastProgress = System.nanoTime();
    private boolean reopen;
    private boolean busy;

    /** @param report says one line of ours (on the console); called on the writer thread, must not block */
    public LogFiles(Consumer<String> report) {
        this.report = report;
        Thread.ofPlatform().daemon().name("write-logs").stackSize(256 * 1024).start(this::writeForever);
    }

    /** {@return the file at {@code spec}'s path (one per path, kept across restarts)} */
    public LogFile file(Spec spec) {
        return files.computeIfAbsent(spec.path(), p -> new LogFile(spec));
    }

    /** Closes every file; each is opened again (made anew where it was moved away) at its next write. */
    public synchronized void reopen() {
        reopen = true;
        notifyAll();
    }

    /** Waits up to {@code ms} for everything handed over so far to be written. */
    public synchronized void flush(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        try {
            while ((queuedBytes > 0 || busy) && System.nanoTime() - lastProgress < STUCK_NANOS) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void offer(LogFile file, byte[] bytes, int off, int len, boolean mayWait) {
        while (queuedBytes + len > LIMIT_BYTES && queuedBytes > 0) {
            long stuckFor = System.nanoTime() - lastProgress;
            if (!mayWait || stuckFor >= STUCK_NANOS) {
                file.dropped += countLines(bytes, off, len);
                return;
            }
            try {
                wait(Math.max(1, (STUCK_NANOS - stuckFor) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (queue.isEmpty()) {
            lastProgress = System.nanoTime();
        }
        byte[] copy = new byte[len];
        System.arraycopy(bytes, off, copy, 0, len);
        queue.add(new Item(file, copy));
        queuedBytes += len;
        notifyAll();
    }

    private void writeForever() {
        while (true) {
            Item next;
            boolean reopenNow;
            synchronized (this) {
                busy = false;
                notifyAll();
                while (queue.isEmpty() && !reopen) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                reopenNow = reopen;
                reopen = false;
                next = queue.poll();
                if (next != null) {
                    queuedBytes -= next.bytes().length;
                }
                busy = true;
            }
            if (reopenNow) {
                files.values().forEach(LogFile::close);
            }
            if (next != null) {
                next.file().write(next.bytes());
            }
            synchronized (this) {
                lastProgress = System.nanoTime();
            }
        }
    }

    private static long countLines(byte[] bytes, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** One log file (and its rotated predecessors). Written by the writer thread only. */
    public final class LogFile {
        private final Spec spec;
        private FileChannel channel;
        private long size;
        private boolean failing;
        private long lost;
        private final RotatedNames rotatedNames;
        /** Lines dropped because the queue was full and stuck (counted by producers, under the LogFiles lock). */
        private long dropped;

        private LogFile(Spec spec) {
            this.spec = spec;
            this.rotatedNames = new RotatedNames(spec.path(), spec.maxFiles(), report);
        }

        public Path path() {
            return spec.path();
        }

        /** Hands over whole lines; the caller may wait while the disk is slow. */
        public void write(byte[] bytes, int off, int len) {
            offer(this, bytes, off, len, true);
        }

        /** Hands over one line of ours, never waiting. */
        public void say(byte[] line) {
            offer(this, line, 0, line.length, false);
        }

        private void write(byte[] bytes) {
            long droppedNow;
            synchronized (LogFiles.this) {
                droppedNow = dropped;
                dropped = 0;
            }
            long startSize = size;
            try {
                if (channel == null) {
                    open();
                    startSize = size;
                }
                writeRotating(bytes);
                if (failing) {
                    failing = false;
                    report.accept(spec.path() + " can be written again; " + (lost + droppedNow)
                            + " lines were lost while it could not");
                    lost = 0;
                } else if (droppedNow > 0) {
                    report.accept(droppedNow + " lines were dropped for " + spec.path() + ": it did not take them for a second");
                }
            } catch (IOException | RuntimeException e) {
                takeBack(startSize);
                lost += countLines(bytes, 0, bytes.length) + droppedNow;
                if (!failing) {
                    failing = true;
                    report.accept("cannot write to " + spec.path() + ": " + describe(e)
                            + "; its lines are lost until it can be written again");
                }
            }
        }

        /** After a failed write: cut the file back to its last whole line, or close it to be opened again. */
        private void takeBack(long startSize) {
            if (channel == null) {
                return;
            }
            try {
                if (channel.size() > startSize && startSize <= size) {
                    channel.truncate(startSize);
                }
                size = channel.size();
            } catch (IOException e) {
                close();
            }
        }

        private void writeRotating(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                int rest = b.length - off;
                if (spec.maxBytes() <= 0 || size + rest <= spec.maxBytes()) {
                    writeAll(b, off, b.length);
                    return;
                }
                if (size >= spec.maxBytes() / 2 && channel.size() < size) {
                    size = channel.size(); // truncated by someone else (logrotate's copytruncate)
                    continue;
                }
                int end = lastLineEnd(b, off, off + (int) Math.min(rest, Math.max(0, spec.maxBytes() - size)));
                if (end <= off) {
                    if (size > 0) {
                        rotate();
                        continue;
                    }
                    end = firstLineEnd(b, off); // one line longer than the limit: a file of its own
                }
                writeAll(b, off, end);
                off = end;
                if (off < b.length) {
                    rotate();
                }
            }
        }

        private void writeAll(byte[] b, int from, int to) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, from, to - from);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += to - from;
        }

        private void rotate() throws IOException {
            close();
            Path base = spec.path();
            List<Path> slots = rotatedNames.free();
            if (slots.isEmpty()) {
                Files.deleteIfExists(base);
            } else {
                for (int i = slots.size() - 1; i >= 1; i--) {
                    move(slots.get(i - 1), slots.get(i));
                }
                move(base, slots.getFirst());
            }
            open();
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                // nothing to move yet
            }
        }

        private void open() throws IOException {
            Path path = spec.path();
            try {
                // Checked at start; again here, as the folders may have changed since (reopen after logrotate).
                TrustedPath.check(path.toAbsolutePath().getParent());
            } catch (TrustedPath.Untrusted e) {
                throw new IOException("refusing its folder: " + e.getMessage());
            }
            try {
                channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
                size = 0;
                return;
            } catch (FileAlreadyExistsException e) {
                // ours from an earlier run, or something planted: checked below
            }
            PosixFileAttributes before = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            check(path, before);
            FileChannel opened = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes after = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!after.fileKey().equals(before.fileKey())) {
                opened.close();
                throw new IOException("it was replaced while it was being opened");
            }
            channel = opened;
            size = channel.size();
        }

        private static void check(Path path, PosixFileAttributes a) throws IOException {
            if (!a.isRegularFile()) {
                throw new IOException("it is not a regular file" + (a.isSymbolicLink() ? " (a symbolic link, not followed)" : ""));
            }
            Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                throw new IOException("it has " + n + " hard links (a link to another file is not written to)");
            }
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!uid.equals(OWN_UID)) {
                throw new IOException("it belongs to uid " + uid + ", not to us");
            }
        }

        private void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing more to write to it
                }
                channel = null;
            }
        }
    }

    private static final Object OWN_UID = ownUid();

    private static Object ownUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int lastLineEnd(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }

    private static int firstLineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }
}
