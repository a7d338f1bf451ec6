package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;

/**
 * One log file's channel and its rotation by size (see {@link LogFiles}): whole lines are written,
 * a batch that would take the file over its size is cut at its last line end that still fits, then
 * the file is rotated; a line longer than the limit gets a file of its own. Writer thread only.
 */
final class RotatingFile {
    private final LogFiles.Spec spec;
    private final RotatedNames rotatedNames;
    /** What is done to its rotated files off this thread; null when nothing is (no age, no compression). */
    private final RotatedArchive archive;
    private final Supplier<LogKeeper> keeper;
    private FileChannel channel;
    private long size;

    RotatingFile(LogFiles.Spec spec, RotatedNames rotatedNames, RotatedArchive archive, Supplier<LogKeeper> keeper) {
        this.spec = spec;
        this.rotatedNames = rotatedNames;
        this.archive = archive;
        this.keeper = keeper;
    }

    /** {@return the bytes written to the current file, as far as this thread knows} */
    long size() {
        return size;
    }

    /** Opens the file if it is not (made anew where it was moved away); {@return its size} */
    long openIfClosed() throws IOException {
        if (channel == null) {
            open();
        }
        return size;
    }

    /** After a failed write: cut the file back to its last whole line, or close it to be opened again. */
    void takeBack(long startSize) {
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

    /** Writes whole lines, rotating as the size asks; the file must be open. */
    void write(byte[] b) throws IOException {
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
        if (archive != null && archive.compresses() && archive.stage()) {
            // Only renamed here: the keeper compresses it, and this thread writes on.
            open();
            keeper.get().wake(archive);
            return;
        }
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
        if (archive != null) {
            keeper.get().wake(archive); // the age of the rotated files
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // nothing to move yet
        }
    }

    private void open() throws IOException {
        OwnFile.Opened opened = OwnFile.open(spec.path());
        channel = opened.channel();
        size = opened.size();
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to write to it
            }
            channel = null;
        }
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
