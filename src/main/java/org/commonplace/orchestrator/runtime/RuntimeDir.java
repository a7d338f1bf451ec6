package org.commonplace.orchestrator.runtime;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The private directory for runtime files: {@code $XDG_RUNTIME_DIR/commonplace-orchestrator} when
 * XDG_RUNTIME_DIR is set and is ours; else {@code /run/commonplace-orchestrator} for root and
 * {@code $TMPDIR/commonplace-orchestrator-UID} for anyone else. It is created 0700 and, whether we made
 * it or found it, checked with lstat before use: a directory (not a symbolic link), owned by us, with
 * no permission for group or others. Anything else is refused with {@link Unsafe}, never repaired:
 * a directory someone else made in a shared folder is theirs to fill.
 */
public final class RuntimeDir {
    static final String NAME = "commonplace-orchestrator";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private RuntimeDir() {
    }

    /** The runtime directory cannot be used safely; the message says why and what to do. */
    public static final class Unsafe extends Exception {
        Unsafe(String message) {
            super(message);
        }
    }

    /** {@return the runtime directory of this process's user, created and checked} */
    public static Path open() throws Unsafe {
        long uid = Uid.effective();
        return ensurePrivate(choose(System.getenv(), uid, Path.of(System.getProperty("java.io.tmpdir"))), uid);
    }

    /** {@return where the runtime directory is for {@code uid}, given the environment} (not yet checked) */
    static Path choose(Map<String, String> env, long uid, Path tmp) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() && ownedPrivateDirectory(Path.of(xdg), uid)) {
            return Path.of(xdg, NAME);
        }
        if (uid == 0 && Files.isDirectory(Path.of("/run"), LinkOption.NOFOLLOW_LINKS) && Files.isWritable(Path.of("/run"))) {
            return Path.of("/run", NAME);
        }
        return tmp.resolve(NAME + "-" + uid);
    }

    private static boolean ownedPrivateDirectory(Path dir, long uid) {
        try {
            return problem(dir, uid) == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates {@code dir} (0700) when missing, then checks it.
     *
     * @return {@code dir}
     * @throws Unsafe when it is a link, not a directory, someone else's, or open to others
     */
    static Path ensurePrivate(Path dir, long uid) throws Unsafe {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Found, not made: the checks below decide whether it can be trusted.
        } catch (IOException e) {
            throw new Unsafe("cannot create the runtime directory " + dir + ": " + e.getMessage());
        }
        String problem;
        try {
            problem = problem(dir, uid);
        } catch (IOException e) {
            throw new Unsafe("cannot inspect the runtime directory " + dir + ": " + e.getMessage());
        }
        if (problem != null) {
            throw new Unsafe("refusing to use the runtime directory " + dir + ": " + problem
                    + "; another user may have made it. Remove it, or set XDG_RUNTIME_DIR to a directory of your own (mode 0700)");
        }
        return dir;
    }

    /** {@return what is wrong with {@code dir} as a private directory of {@code uid}, or null} */
    static String problem(Path dir, long uid) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            return "it is a symbolic link";
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return "it is not a directory";
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid) {
            return "it belongs to uid " + owner + ", not to us (uid " + uid + ")";
        }
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0077) != 0) {
            return String.format("its mode is %04o; group and others must have no access (0700)", mode & 07777);
        }
        return null;
    }
}
