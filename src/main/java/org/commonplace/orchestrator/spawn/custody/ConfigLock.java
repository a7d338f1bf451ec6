package org.commonplace.orchestrator.spawn.custody;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonplace.orchestrator.runtime.RunFiles;

/**
 * One orchestrator per config: two locks in the private runtime directory, one named by the config's
 * real path and one by its device and inode (a config reached by two paths is still one config),
 * held while the orchestrator runs and deleted at a clean exit.
 */
final class ConfigLock {
    /** Create or open for writing, never through a symbolic link. */
    private static final Set<OpenOption> CREATE_RW_NOFOLLOW = Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final List<HeldLock> locks;

    private ConfigLock(List<HeldLock> locks) {
        this.locks = locks;
    }

    /** Thrown when another orchestrator holds the lock for the same config. */
    static final class HeldElsewhere extends Exception {
        HeldElsewhere(String message) {
            super(message);
        }
    }

    /** A lock file we hold: deleted (while still held) and released at a clean exit. */
    private record HeldLock(Path path, FileChannel channel, FileLock lock) {
        void deleteAndRelease() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // left for the next run, which takes it over
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // nothing left to do about it
            }
        }
    }

    /** Takes both locks of {@code config}, or none: another orchestrator holds one, or it cannot be taken. */
    static ConfigLock take(Path config, RunFiles files) throws IOException, HeldElsewhere {
        var locks = new ArrayList<HeldLock>();
        try {
            locks.add(lock(files.lock(), config));
            locks.add(lock(files.inodeLock(), config));
        } catch (IOException | HeldElsewhere | RuntimeException e) {
            locks.forEach(HeldLock::deleteAndRelease);
            throw e;
        }
        return new ConfigLock(List.copyOf(locks));
    }

    /** Deletes the lock files (while still held) and releases them, last taken first. */
    void release() {
        locks.reversed().forEach(HeldLock::deleteAndRelease);
    }

    /**
     * Takes the lock at {@code path}: opened without following a link, and retried when the file we
     * locked was deleted (by an orchestrator that exited cleanly) before we got it, so that two
     * orchestrators never each hold a lock on a different file of the same name.
     *
     * <p>The lock is a POSIX record lock, which the kernel drops when the process closes any
     * descriptor of the file: so the file is never opened a second time while it is held — it is
     * read through the same channel, and whether it is still linked is read from /proc/self/fd.
     */
    private static HeldLock lock(Path path, Path config) throws IOException, HeldElsewhere {
        byte[] ours = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 10; attempt++) {
            FileChannel channel = FileChannel.open(path, CREATE_RW_NOFOLLOW,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock lock;
            try {
                lock = channel.tryLock();
                if (lock == null) {
                    String holder = holder(channel);
                    throw new HeldElsewhere("another orchestrator" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                            + " is already running " + config + "; stop it first");
                }
                if (!unlinkedWhileWeWaited(path)) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(ours), 0);
                    return new HeldLock(path, channel, lock);
                }
            } catch (IOException | HeldElsewhere | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
        }
        throw new IOException("cannot take the lock " + path + ": it keeps being replaced");
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    /** Whether our descriptor of {@code path} now names a deleted file (the kernel appends " (deleted)"). */
    private static boolean unlinkedWhileWeWaited(Path path) {
        String deleted = path + " (deleted)";
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(deleted)) {
                        return true;
                    }
                } catch (IOException e) {
                    // a descriptor closed while we looked
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
