package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the orchestrator takes part in the MQTT fabric (the top-level {@code instance},
 * {@code state_topic_prefix}, {@code publish_state}, {@code mqtt_commands}, {@code mqtt_username} and
 * {@code mqtt_password_file}).
 *
 * @param instance     this orchestrator's topic level: {@code "instance"}, else {@code <hostname>-<config file stem>}
 * @param prefix       the topics' prefix ({@code "state_topic_prefix"}), without a trailing {@code /}
 * @param publishState whether process states are published (retained) on the broker
 * @param commands     whether {@code start}/{@code stop}/{@code restart} messages on the broker are obeyed
 * @param username     the user name the orchestrator gives the broker, if any
 * @param passwordFile the file holding its password (the first line), if any
 */
public record FabricSettings(String instance, String prefix, boolean publishState, boolean commands,
                             Optional<String> username, Optional<Path> passwordFile) {
    public static final String DEFAULT_PREFIX = "commonplace/orchestrator";

    /**
     * {@return the default instance: {@code <hostname>-<stem>}, with every character an instance may
     * not hold made a {@code -}}
     */
    public static String defaultInstance(String hostname, Path configFile) {
        String file = configFile.getFileName() == null ? "config" : configFile.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String raw = (hostname.isBlank() ? "localhost" : hostname) + "-" + stem;
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.-]+", "");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned.isEmpty() ? "orchestrator" : cleaned;
    }
}
