package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the orchestrator takes part in the MQTT fabric (the top-level {@code instance},
 * {@code state_topic_prefix}, {@code publish_state}, {@code mqtt_commands}, {@code mqtt_username} and
 * {@code mqtt_password_file}).
 *
 * @param instance     this orchestrator's topic level: {@code "instance"}, else {@link #defaultInstance}
 * @param prefix       the topics' prefix ({@code "state_topic_prefix"}), without a trailing {@code /}
 * @param publishState whether process states are published (retained) on the broker
 * @param commands     whether {@code start}/{@code stop}/{@code restart} messages on the broker are obeyed
 * @param username     the user name the orchestrator gives the broker, if any
 * @param passwordFile the file holding its password (the first line), if any
 */
public record FabricSettings(String instance, String prefix, boolean publishState, boolean commands,
                             Optional<String> username, Optional<Path> passwordFile) {
    public static final String DEFAULT_PREFIX = TopicPrefix.DEFAULT;

    /** {@return this machine's host name, from the kernel (no DNS lookup), or "localhost"} */
    public static String hostname() {
        return FabricValidator.hostname();
    }

    /**
     * {@return the default instance: {@code <hostname>-<config folder>-<hash>}, the hash six hex digits
     * of the SHA-256 of the config's absolute path (symbolic links resolved when the file exists)}
     *
     * <p>Unique per config file, so that two orchestrators of two folders on one broker never share a
     * name (and publish over each other), readable, and the same at every start of the same config.
     * Every character an instance may not hold is made a {@code -}; the host and folder are shortened
     * to keep it within 64 characters; the hash is always whole.
     */
    public static String defaultInstance(String hostname, Path configFile) {
        Path absolute = configFile.toAbsolutePath().normalize();
        try {
            absolute = absolute.toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            // not there (yet): its absolute path is as stable
        }
        Path parent = absolute.getParent();
        String folder = parent == null || parent.getFileName() == null ? "root" : parent.getFileName().toString();
        String hash = shortHash(absolute.toString());
        String raw = (hostname.isBlank() ? "localhost" : hostname) + "-" + folder;
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.-]+", "");
        int room = 64 - hash.length() - 1;
        String head = cleaned.length() > room ? cleaned.substring(0, room) : cleaned;
        return (head.isEmpty() ? "orchestrator" : head) + "-" + hash;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 3);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
