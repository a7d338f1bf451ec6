package org.commonplace.orchestrator.spawn;

/**
 * One start of a batch ({@link Launcher#launchAll}): the child, or why it could not be started.
 *
 * @param child   the started child; null when it failed
 * @param failure why it could not be started; null when it was
 */
public record Launched(Child child, LaunchException failure) {
    public Launched {
        if ((child == null) == (failure == null)) {
            throw new IllegalArgumentException("a launch has a child or a failure, not both or neither");
        }
    }

    /** {@return the child, or the failure thrown} */
    public Child get() throws LaunchException {
        if (failure != null) {
            throw failure;
        }
        return child;
    }
}
