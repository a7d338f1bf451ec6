package org.commonplace.orchestrator.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The runtime files of one config, in the private {@link RuntimeDir}. They are named by a hash of the
 * config's real path, so that a client given the same file finds the same socket even after an editor
 * replaced the file; the second lock is named by the file's device and inode, so that a hard link to a
 * config that is already running cannot start a second orchestrator for it.
 *
 * @param lock the lock held while an orchestrator runs the config (by path)
 * @param inodeLock the lock held beside it (by device and inode)
 * @param record the run record: what a dead orchestrator left to clean up
 * @param socket the control socket
 */
public record RunFiles(Path lock, Path inodeLock, Path record, Path socket) {
    /** {@return the files of {@code config} in {@code dir}} */
    public static RunFiles of(Path dir, Path config) throws IOException {
        Path real = config.toRealPath();
        String key = hash(real.toString());
        Object inode = java.nio.file.Files.getAttribute(real, "unix:ino");
        Object device = java.nio.file.Files.getAttribute(real, "unix:dev");
        return new RunFiles(dir.resolve(key + ".lock"), dir.resolve("inode-" + device + "-" + inode + ".lock"),
                dir.resolve(key + ".pids"), dir.resolve(key + ".sock"));
    }

    /**
     * {@return how the names of this config's {@code on_failure} lines files start ({@code crash-KEY-})}:
     * only the orchestrator holding the config's lock makes them, so one that starts may remove any it
     * finds, left by a run that was killed while a hook ran
     */
    public String linesFilePrefix() {
        String name = lock.getFileName().toString();
        return "crash-" + name.substring(0, name.length() - ".lock".length()) + "-";
    }

    /** {@return the runtime files of {@code config} for this user, the directory created and checked} */
    public static RunFiles of(Path config) throws IOException, RuntimeDir.Unsafe {
        return of(RuntimeDir.open(), config);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
