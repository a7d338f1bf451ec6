package org.commonplace.orchestrator.spawn;

/**
 * Who answers for the process groups the launchers start, so that none outlives the orchestrator
 * (implemented by {@code spawn.custody.Custody}: the guard, the run record, adopted orphans). The
 * launchers say when a group starts and when its leader is released; nothing more.
 *
 * <p>Thread-safe: the launchers call it from the threads that start and release children.
 */
public interface GroupCustody {
    /** Answers for nobody: for launching from a JVM that is not an orchestrator (tests, tools). */
    GroupCustody NONE = new GroupCustody() {
        @Override
        public void groupStarted(long pgid) {
        }

        @Override
        public void groupReleased(long pgid) {
        }

        @Override
        public boolean guarded() {
            return false;
        }
    };

    /** A group was started with leader {@code pgid}: answer for it from now on. */
    void groupStarted(long pgid);

    /**
     * The group's leader exited and its group was swept: no longer ours. Also the moment to look for
     * orphans it left behind.
     */
    void groupReleased(long pgid);

    /** {@return whether a guard watches over the groups (it kills them if the orchestrator dies)} */
    boolean guarded();
}
