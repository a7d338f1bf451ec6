package org.commonplace.orchestrator.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded broker's settings: {@code "embedded_broker": true}, or an object with any of
 * {@code password_file} and {@code acl_file} (mosquitto's formats) and {@code persistence} (a
 * folder); paths relative to the config.
 *
 * @param passwordFile when present, clients must log in with a user and password from it
 * @param aclFile      when present, what each user may read and write
 * @param persistence  when present, the folder where retained messages and persistent sessions are
 *                     kept across restarts of the broker; when empty, it keeps them in memory only
 */
public record EmbeddedBrokerSettings(Optional<Path> passwordFile, Optional<Path> aclFile, Optional<Path> persistence) {
    /** Anyone who reaches it may read and publish everything; nothing is kept on disk. */
    public static final EmbeddedBrokerSettings OPEN = new EmbeddedBrokerSettings(Optional.empty(), Optional.empty());

    /** In memory only. */
    public EmbeddedBrokerSettings(Optional<Path> passwordFile, Optional<Path> aclFile) {
        this(passwordFile, aclFile, Optional.empty());
    }

    /** {@return whether clients must log in and are limited by an ACL} */
    public boolean guarded() {
        return passwordFile.isPresent() && aclFile.isPresent();
    }
}
