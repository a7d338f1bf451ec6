package org.commonplace.orchestrator.config;

import java.util.Optional;

/**
 * A {@code depends_on} entry {@code INSTANCE/NAME}: process NAME of the orchestrator that publishes
 * as INSTANCE on the same broker. It gates a start as a local dependency does, through that
 * process's retained state (see the mqtt package); it is never an edge of the local graph.
 *
 * @param instance the other orchestrator's instance
 * @param name     the process there
 */
public record RemoteDependency(String instance, String name) {
    /** {@return whether a depends_on entry names a process of another orchestrator} */
    public static boolean isRemote(String dependency) {
        return dependency.indexOf('/') >= 0;
    }

    /** {@return the remote dependency an entry names; empty for a local name} (entries were validated on load) */
    public static Optional<RemoteDependency> parse(String dependency) {
        int slash = dependency.indexOf('/');
        return slash < 0 ? Optional.empty()
                : Optional.of(new RemoteDependency(dependency.substring(0, slash), dependency.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return instance + "/" + name;
    }
}
