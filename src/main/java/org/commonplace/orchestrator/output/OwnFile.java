package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.commonplace.orchestrator.runtime.TrustedPath;

/**
 * Opening a log file for appending, safely where the orchestrator runs as root and a log folder may be
 * writable by others: a new file is made with {@code O_CREAT|O_EXCL} (never through a link, never an
 * existing file) and mode 0640; an existing one is opened with {@code O_NOFOLLOW} and used only when it
 * is a regular file of ours with one link, the same file before and after the open. Every folder on the
 * way is checked before each open ({@link TrustedPath}): a link another user planted there is not followed.
 */
final class OwnFile {
    private static final Object OWN_UID = ownUid();

    /** An open file and its size now. */
    record Opened(FileChannel channel, long size) {
    }

    private OwnFile() {
    }

    /** {@return {@code path} opened for appending} @throws IOException saying why it may not be used */
    static Opened open(Path path) throws IOException {
        try {
            // Checked at start; again here, as the folders may have changed since (reopen after logrotate).
            TrustedPath.check(path.toAbsolutePath().getParent());
        } catch (TrustedPath.Untrusted e) {
            throw new IOException("refusing its folder: " + e.getMessage());
        }
        try {
            return new Opened(FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"))), 0);
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
        return new Opened(opened, opened.size());
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

    private static Object ownUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
