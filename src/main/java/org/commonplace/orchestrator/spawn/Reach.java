package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.commonplace.orchestrator.model.Privileges.Account;

/**
 * Whether a user could reach a path, by the permission bits of the path and every folder above it
 * (search permission on each folder; execute permission on a program), as the kernel decides for a
 * process without capabilities: owner bits for its uid, group bits for its groups, else the others'.
 * What {@code check} warns of before a start as that user would fail with "Permission denied".
 * ACLs are not read: a path an ACL opens is reported (a warning only, never an error).
 */
final class Reach {
    private Reach() {
    }

    /** {@return why {@code account} cannot enter the folder {@code dir}, or empty when it can} */
    static Optional<String> folder(Account account, Path dir) {
        return blocked(account, dir.toAbsolutePath().normalize())
                .map(p -> account.user() + " cannot enter " + dir + " (no search permission on " + p + ")");
    }

    /** {@return why {@code account} cannot run {@code program}, or empty when it can} */
    static Optional<String> program(Account account, Path program) {
        Path abs = program.toAbsolutePath().normalize();
        Optional<Path> above = abs.getParent() == null ? Optional.empty() : blocked(account, abs.getParent());
        if (above.isPresent()) {
            return Optional.of(account.user() + " cannot reach " + program + " (no search permission on " + above.get() + ")");
        }
        return allowed(account, abs, 1) ? Optional.empty()
                : Optional.of(account.user() + " cannot run " + program + " (no execute permission for it)");
    }

    /** {@return the first folder from / down to {@code dir} that {@code account} may not search} */
    private static Optional<Path> blocked(Account account, Path dir) {
        Path at = dir.getRoot();
        if (at != null && !allowed(account, at, 1)) {
            return Optional.of(at);
        }
        for (Path part : dir) {
            at = at == null ? part : at.resolve(part);
            if (!allowed(account, at, 1)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    /** {@return whether {@code account} has permission {@code bit} (4 read, 2 write, 1 execute) on {@code path}} */
    private static boolean allowed(Account account, Path path, int bit) {
        if (account.uid() == 0) {
            return true;
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            int uid = (Integer) Files.getAttribute(path, "unix:uid");
            int gid = (Integer) Files.getAttribute(path, "unix:gid");
            if (uid == account.uid()) {
                return (mode >> 6 & bit) != 0;
            }
            if (gid == account.gid() || account.groups().contains(gid)) {
                return (mode >> 3 & bit) != 0;
            }
            return (mode & bit) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true; // cannot tell: the start will say
        }
    }
}
