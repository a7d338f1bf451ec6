package org.commonplace.orchestrator.spawn;

import java.io.InputStream;
import java.util.function.IntConsumer;

/**
 * A started program, leader of its own process group.
 *
 * <p>Threading: {@link #onExit} runs its callback on a JDK process-reaper thread, once, after the
 * program has exited and been reaped; the callback must only hand the value on (post an event).
 */
public interface Child {
    /** {@return the pid, which is also the id of its process group} */
    long pid();

    /** {@return the program's stdout; the caller must drain it} */
    InputStream stdout();

    /** {@return the program's stderr; the caller must drain it} */
    InputStream stderr();

    /** Calls {@code onExit} with the exit value (128 + N for a death by signal N) once it has exited. */
    void onExit(IntConsumer onExit);

    /**
     * Sends a signal to the child's whole process group (the program and everything it started that
     * stayed in the group). Does not wait; a group that is already gone is not an error.
     */
    void signalGroup(int signal);

    /**
     * Says the child has exited and its group was swept: it is no longer ours to answer for. Also
     * the moment to look for orphans it left behind.
     */
    void release();
}
