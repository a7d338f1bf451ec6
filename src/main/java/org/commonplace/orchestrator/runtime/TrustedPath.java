package org.commonplace.orchestrator.runtime;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Folders we write in, outside the private {@link RuntimeDir}: log folders, an export's
 * {@code --output}, a {@code --socket}'s folder. The orchestrator often runs as root, and a path
 * that passes through a folder another user can write lets that user swap a component for a link
 * (to {@code /root}, to {@code /etc}) and have root create or overwrite files there.
 *
 * <p>So every component on the way is looked at with lstat, from {@code /} down: each folder must be
 * ours or root's, and no one else may write in it unless it is sticky (as {@code /tmp}: there, others
 * cannot rename or remove what is ours or root's). A symbolic link is followed only when it is ours
 * or root's (it then sits in a folder that passed, so no one else put it there); one of another user
 * is refused. Once a whole path has passed, no other user can change what it names, so a check just
 * before an open is not raced by them (root can, but root is trusted).
 */
public final class TrustedPath {
    private static final int MAX_LINKS = 40;
    private static final int TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int LINK = 0120000;
    private static final int STICKY = 01000;

    private TrustedPath() {
    }

    /** A path that other users could change under us; the message says which component and why, in one line. */
    public static final class Untrusted extends Exception {
        public Untrusted(String message) {
            super(message);
        }
    }

    /**
     * Checks the folders that exist on the way to {@code folder}, and {@code folder} itself when it
     * exists (a folder, not a file).
     */
    public static void check(Path folder) throws Untrusted, IOException {
        walk(folder, false);
    }

    /** Checks as {@link #check} does, making each missing folder (mode from the umask) before going into it. */
    public static void createFolders(Path folder) throws Untrusted, IOException {
        walk(folder, true);
    }

    /**
     * Checks {@code folder} as a place to write files whose names others may already hold: besides
     * {@link #check}, it must be ours and no one else may write in it, sticky or not (in a sticky
     * folder another user may have made the very name we are about to write).
     */
    public static void checkOwnFolder(Path folder) throws Untrusted, IOException {
        Path real = walk(folder, false);
        Map<String, Object> a = Files.readAttributes(real, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) a.get("uid");
        if (uid != Uid.effective()) {
            throw new Untrusted(folder + " belongs to uid " + uid + ", not to us (uid " + Uid.effective() + ")");
        }
        if (othersMayWrite(a)) {
            throw new Untrusted(String.format("others can write in %s (mode %04o); sticky or not, a name there may be"
                    + " another user's", folder, (Integer) a.get("mode") & 07777));
        }
    }

    /** {@return the folder's path without links, once every component has passed} */
    private static Path walk(Path folder, boolean create) throws Untrusted, IOException {
        Path absolute = folder.toAbsolutePath();
        Path root = absolute.getRoot();
        Deque<String> rest = new ArrayDeque<>();
        absolute.forEach(name -> rest.add(name.toString()));
        Path current = root;
        checkFolder(current, Files.readAttributes(current, "unix:mode,uid,gid"));
        int links = 0;
        while (!rest.isEmpty()) {
            String name = rest.pop();
            if (name.equals(".") || name.isEmpty()) {
                continue;
            }
            if (name.equals("..")) {
                // current has no link in it, so its parent is where ".." leads.
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            Map<String, Object> a;
            try {
                a = Files.readAttributes(next, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (!create) {
                    return absolute;
                }
                try {
                    Files.createDirectory(next);
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile: looked at below like anything found
                }
                a = Files.readAttributes(next, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            }
            int mode = (Integer) a.get("mode");
            if ((mode & TYPE) == LINK) {
                int uid = (Integer) a.get("uid");
                if (uid != 0 && uid != Uid.effective()) {
                    throw new Untrusted(next + " is a symbolic link of uid " + uid + " (not ours or root's: it is not followed)");
                }
                if (++links > MAX_LINKS) {
                    throw new Untrusted(folder + " goes through more than " + MAX_LINKS + " symbolic links");
                }
                Path target = Files.readSymbolicLink(next);
                var names = new ArrayDeque<String>();
                target.forEach(n -> names.add(n.toString()));
                names.descendingIterator().forEachRemaining(rest::push);
                if (target.isAbsolute()) {
                    current = root;
                }
                continue;
            }
            if ((mode & TYPE) != DIRECTORY) {
                // Not a question of trust: the folder cannot be made or used there.
                throw new FileAlreadyExistsException(next.toString(), null, "a file of that name is in the way");
            }
            checkFolder(next, a);
            current = next;
        }
        return current;
    }

    private static void checkFolder(Path folder, Map<String, Object> a) throws Untrusted {
        int uid = (Integer) a.get("uid");
        if (uid != 0 && uid != Uid.effective()) {
            throw new Untrusted(folder + " belongs to uid " + uid + ", not to us or root");
        }
        int mode = (Integer) a.get("mode");
        if (othersMayWrite(a) && (mode & STICKY) == 0) {
            throw new Untrusted(String.format("others can write in %s (mode %04o) and it is not sticky", folder, mode & 07777));
        }
    }

    /** Anyone but us and root: others, or a group that is neither ours nor root's. */
    private static boolean othersMayWrite(Map<String, Object> a) {
        int mode = (Integer) a.get("mode");
        int gid = (Integer) a.get("gid");
        return (mode & 0002) != 0 || (mode & 0020) != 0 && gid != 0 && gid != Uid.effectiveGroup();
    }
}
