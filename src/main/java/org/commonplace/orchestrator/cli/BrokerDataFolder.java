package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.commonplace.orchestrator.runtime.TrustedPath;

/**
 * The embedded broker's {@code persistence} folder, checked before anything starts: the broker's
 * JVM (often run as root) creates and rewrites its store there, so, as for {@code log_dir}, every
 * folder on the way must be one no other user can change, and the folder itself must be ours, not a
 * symbolic link, and writable by no one else (a name another user made in it could be opened as
 * our store).
 */
final class BrokerDataFolder {
    static final String FIELD = "embedded_broker.persistence";

    private BrokerDataFolder() {
    }

    /** Makes the folder when it is missing; {@return why it cannot be used, one line naming config, field and folder} */
    static Optional<String> problem(Path config, Path folder) {
        return problem(config, folder, true);
    }

    /**
     * For {@code check}: the same rules and lines as {@link #problem(Path, Path)}, without making
     * anything (a missing folder is fine when the folders on its way are).
     */
    static Optional<String> check(Path config, Path folder) {
        return problem(config, folder, false);
    }

    private static Optional<String> problem(Path config, Path folder, boolean create) {
        try {
            if (Files.isSymbolicLink(folder)) {
                return Optional.of(refusing(config, folder, "it is a symbolic link"));
            }
            if (create) {
                TrustedPath.createFolders(folder);
            } else if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                TrustedPath.check(folder);
                return Optional.empty();
            }
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(refusing(config, folder, "it is not a folder"));
            }
            TrustedPath.checkOwnFolder(folder);
            return Optional.empty();
        } catch (TrustedPath.Untrusted e) {
            return Optional.of(refusing(config, folder, e.getMessage()));
        } catch (java.nio.file.AccessDeniedException e) {
            return Optional.of(config + ": error: " + FIELD + ": cannot create the folder " + folder + ": permission denied");
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return Optional.of(config + ": error: " + FIELD + ": cannot create the folder " + folder + ": a file of that name is in the way");
        } catch (IOException | SecurityException e) {
            return Optional.of(config + ": error: " + FIELD + ": cannot create the folder " + folder + ": " + e.getMessage());
        }
    }

    private static String refusing(Path config, Path folder, String why) {
        return config + ": error: " + FIELD + ": refusing the folder " + folder + ": " + why;
    }
}
