package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded broker's settings: {@code "embedded_broker": true}, or an object with any of
 * {@code password_file} and {@code acl_file} (mosquitto's formats; paths relative to the config).
 *
 * @param passwordFile when present, clients must log in with a user and password from it
 * @param aclFile      when present, what each user may read and write
 */
public record EmbeddedBrokerSettings(Optional<Path> passwordFile, Optional<Path> aclFile) {
    /** Anyone who reaches it may read and publish everything. */
    public static final EmbeddedBrokerSettings OPEN = new EmbeddedBrokerSettings(Optional.empty(), Optional.empty());

    /** {@return whether clients must log in and are limited by an ACL} */
    public boolean guarded() {
        return passwordFile.isPresent() && aclFile.isPresent();
    }
}
