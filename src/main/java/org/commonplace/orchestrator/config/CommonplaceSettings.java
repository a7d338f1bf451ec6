package org.commonplace.orchestrator.config;

import java.util.List;
import java.util.Optional;

/**
 * The keys of today's commonplace config that mean something to the orchestrator beyond its
 * processes.
 *
 * @param database     {@code database}: given to the process named {@code server} as
 *                     {@code --database PATH} unless its args already have it
 * @param workspace    {@code workspace} (default {@code commonplace}, or the user defaults file's):
 *                     given to every child as {@code MQTT_WORKSPACE} and {@code COMMONPLACE_WORKSPACE}
 * @param httpServer   {@code http_server}: the commonplace HTTP server's URL, shown by {@code check}
 * @param managedPaths {@code managed_paths}: the folders commonplace manages, shown by {@code check}
 */
public record CommonplaceSettings(Optional<String> database, String workspace, Optional<String> httpServer,
                                  List<String> managedPaths) {
    public static final String DEFAULT_WORKSPACE = "commonplace";
    /** The variables every child gets the workspace in. */
    public static final List<String> WORKSPACE_VARIABLES = List.of("MQTT_WORKSPACE", "COMMONPLACE_WORKSPACE");

    public CommonplaceSettings {
        managedPaths = List.copyOf(managedPaths);
    }

    /** {@return what a config without those keys means} */
    public static CommonplaceSettings defaults() {
        return new CommonplaceSettings(Optional.empty(), DEFAULT_WORKSPACE, Optional.empty(), List.of());
    }
}
