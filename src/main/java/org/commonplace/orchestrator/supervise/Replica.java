package org.commonplace.orchestrator.supervise;

/**
 * Which replica of which group a process is: {@code web.2} is replica 2 of {@code web}. The group's
 * template (the process as configured, {@code ${REPLICA}} not yet replaced) goes with each member, so
 * {@code scale} makes more members without reading the config again.
 *
 * @param group    the configured name; "" for a process that is no replica
 * @param index    1-based; 0 for a process that is no replica
 * @param template the configured process, named {@code group}; null for a process that is no replica
 */
public record Replica(String group, int index, ManagedProcess template) {
    /** Not a replica: a process of its own. */
    public static final Replica NONE = new Replica("", 0, null);

    public Replica {
        if ((index == 0) != (template == null) || (index == 0) != group.isEmpty()) {
            throw new IllegalArgumentException("a replica has a group, an index from 1 and a template; a process of its own none");
        }
    }

    /** {@return whether it is a replica of a group} */
    public boolean isReplica() {
        return index > 0;
    }
}
