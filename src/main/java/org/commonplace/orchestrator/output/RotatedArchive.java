package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * What happens to one log's rotated files off the output path, on the {@link LogKeeper}'s thread:
 * gzipping them ({@code compress}) and deleting those past {@code max_age_days}.
 *
 * <p>Compressing: at a rotation the writer thread only renames the full file to a name of its own,
 * {@code NAME.log.rotated-MILLIS-N} (a rename, so the writer goes on with a new {@code NAME.log} at
 * once), and queues it here. This thread then writes {@code ….gz} beside it (a new file, 0640, made
 * with {@code O_EXCL}), syncs it, shifts {@code NAME.log.K.gz} to {@code .K+1.gz} (the oldest dropped)
 * and moves the new one to {@code NAME.log.1.gz}; only then is the uncompressed file deleted. The
 * numbered names are touched by this thread alone, so a rotation can never move a file that is being
 * compressed; and a file is never deleted before its compressed copy is on disk, so nothing is lost
 * while it runs (a run that dies meanwhile leaves the renamed file, which the next run compresses).
 *
 * <p>Bounded: at most {@code max_files - 1} files wait; when rotation outruns compression, the oldest
 * waiting one is deleted, as it would have been rotated out anyway.
 */
final class RotatedArchive {
    private static final String STAGED = ".rotated-";

    private final Path base;
    private final int maxFiles;
    private final int maxAgeDays;
    private final boolean compress;
    private final Consumer<String> report;
    private final RotatedNames gzNames;
    /** Renamed files waiting to be compressed, oldest first (writer adds, keeper takes). */
    private final ArrayDeque<Path> waiting = new ArrayDeque<>();
    /** Whether it is in the keeper's queue (once at most). */
    final AtomicBoolean queued = new AtomicBoolean();
    private long staged;
    /** Said once until a file is compressed again. */
    private boolean failing;

    RotatedArchive(Path base, int maxFiles, int maxAgeDays, boolean compress, Consumer<String> report) {
        this.base = base;
        this.maxFiles = maxFiles;
        this.maxAgeDays = maxAgeDays;
        this.compress = compress && maxFiles > 1;
        this.report = report;
        this.gzNames = new RotatedNames(base, maxFiles, ".gz", report);
        if (this.compress) {
            waiting.addAll(leftovers());
        }
    }

    /** {@return whether rotated files are compressed (then the writer calls {@link #stage} to rotate)} */
    boolean compresses() {
        return compress;
    }

    /**
     * Writer thread: moves the full file away to a name of its own and queues it. {@return whether it
     * was moved} (false: it could not be, and the writer rotates as without compression)
     */
    boolean stage() {
        for (int attempt = 0; attempt < 10; attempt++) {
            Path to = base.resolveSibling(base.getFileName() + STAGED + String.format("%013d-%06d", System.currentTimeMillis(), ++staged));
            try {
                Files.move(base, to);
            } catch (FileAlreadyExistsException e) {
                continue; // someone holds the name: another one
            } catch (NoSuchFileException e) {
                return true; // nothing to move: the writer begins the file anew
            } catch (IOException e) {
                report.accept("cannot move " + base + " aside to compress it: " + e.getMessage() + "; rotated uncompressed");
                return false;
            }
            Path dropped = null;
            synchronized (waiting) {
                waiting.add(to);
                if (waiting.size() > maxFiles - 1) {
                    dropped = waiting.removeFirst();
                }
            }
            if (dropped != null) {
                delete(dropped);
            }
            return true;
        }
        return false;
    }

    /** Keeper thread: compresses what waits, then deletes what is too old by {@code now}. */
    void work(Instant now) {
        Path next;
        while ((next = next()) != null) {
            compress(next);
        }
        sweep(now);
    }

    /** Keeper thread: deletes the rotated files older than {@code max_age_days} by {@code now}. */
    void sweep(Instant now) {
        AgeSweep.sweep(base, maxAgeDays, now, report);
    }

    /** {@return whether it has work for the keeper when a file is rotated} */
    boolean needed() {
        return compress || maxAgeDays > 0;
    }

    private Path next() {
        synchronized (waiting) {
            return waiting.pollFirst();
        }
    }

    private void compress(Path staged) {
        Path gz = staged.resolveSibling(staged.getFileName() + ".gz");
        try {
            gzip(staged, gz);
            List<Path> slots = gzNames.free();
            if (slots.isEmpty()) {
                Files.deleteIfExists(gz); // every name is held by someone else: kept alone, as without compression
            } else {
                for (int i = slots.size() - 1; i >= 1; i--) {
                    move(slots.get(i - 1), slots.get(i));
                }
                Files.move(gz, slots.getFirst(), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.delete(staged);
            if (failing) {
                failing = false;
                report.accept(base + "'s rotated files are compressed again");
            }
        } catch (IOException | RuntimeException e) {
            quietlyDelete(gz);
            if (!failing) {
                failing = true;
                report.accept("cannot compress " + staged + ": " + e.getMessage() + "; it is kept uncompressed");
            }
        }
    }

    private static void gzip(Path from, Path to) throws IOException {
        FileChannel out = createAnew(to);
        try (out; InputStream in = Channels.newInputStream(FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             GZIPOutputStream zipped = new GZIPOutputStream(Channels.newOutputStream(out), 64 * 1024)) {
            in.transferTo(zipped);
            zipped.finish();
            out.force(true); // on disk before the uncompressed file goes
        }
    }

    private static FileChannel createAnew(Path to) throws IOException {
        try {
            return create(to);
        } catch (FileAlreadyExistsException e) {
            // Half written by a run that died: ours only if it is a regular file of ours.
            if (RotatedNames.heldBy(to) != null || Files.isSymbolicLink(to)) {
                throw e;
            }
            Files.delete(to);
            return create(to);
        }
    }

    private static FileChannel create(Path to) throws IOException {
        return FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // nothing to move yet
        }
    }

    private void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            report.accept("cannot delete " + p + ": " + e.getMessage());
        }
    }

    private static void quietlyDelete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next run, which replaces it
        }
    }

    /** The renamed files a run that died left uncompressed, oldest first (their names sort by time). */
    private List<Path> leftovers() {
        var found = new ArrayList<Path>();
        String prefix = base.getFileName() + STAGED;
        try (DirectoryStream<Path> names = Files.newDirectoryStream(base.toAbsolutePath().getParent(),
                p -> p.getFileName().toString().startsWith(prefix) && !p.getFileName().toString().endsWith(".gz"))) {
            for (Path p : names) {
                if (RotatedNames.heldBy(p) == null && !Files.isSymbolicLink(p)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            // no folder yet, or not readable: nothing left over to find
        }
        found.sort(null);
        return found.size() > maxFiles - 1 ? found.subList(found.size() - (maxFiles - 1), found.size()) : found;
    }
}
