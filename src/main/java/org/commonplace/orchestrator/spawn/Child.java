package org.commonplace.orchestrator.spawn;

import java.util.concurrent.CompletableFuture;
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

    /**
     * Starts passing the program's stdout and stderr to the receivers, each stream's bytes in order;
     * call once, right after the launch.
     *
     * @return a future completed when both streams have ended
     */
    CompletableFuture<Void> pipeOutput(OutputReceiver stdout, OutputReceiver stderr);

    /** Calls {@code onExit} with the exit value (128 + N for a death by signal N) once it has exited. */
    void onExit(IntConsumer onExit);

    /**
     * Sends a signal to the child's whole process group (the program and everything it started that
     * stayed in the group). Does not wait; a group that is already gone is not an error.
     */
    void signalGroup(int signal);

    /**
     * Says the child has exited and we are done with it: what is left in its group is killed, it is
     * no longer ours to answer for, and (for the native launcher) only now is it reaped — until then
     * its zombie keeps its pid and group id from being reused, so no signal of ours can reach a
     * stranger. Also the moment to look for orphans it left behind. Call once its exit was reported;
     * idempotent.
     */
    void release();
}
