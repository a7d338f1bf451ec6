package org.commonplace.orchestrator.spawn;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ExitStatus;

/**
 * A started program, leader of its own process group.
 *
 * <p>Threading: a child may be used from any thread; its callbacks run on threads that serve every
 * child, so they must be quick and must not block. See {@link #onExit} and {@link #pipeOutput}.
 */
public interface Child {
    /** {@return the pid, which is also the id of its process group} */
    long pid();

    /**
     * Starts passing the program's stdout and stderr to the receivers, each stream's bytes in order;
     * call once, right after the launch. For the native launcher the receivers are called on the I/O
     * loop's thread, as {@link #onExit}'s callback is, under the same rules: take the bytes, never
     * block (the ProcessBuilder launcher gives each stream a virtual thread of its own).
     *
     * @return a future completed when both streams have ended
     */
    CompletableFuture<Void> pipeOutput(OutputReceiver stdout, OutputReceiver stderr);

    /**
     * Calls {@code onExit} once with how the program ended (an exit code, or the signal that killed it),
     * as soon as it has exited; register one callback, once.
     *
     * <p>Which thread: for the native launcher, the I/O loop's thread, the one that also reads every
     * child's output; for the ProcessBuilder launcher, a JDK process-reaper thread. If the program had
     * already exited when {@code onExit} is called, the callback runs at once on the caller's thread.
     *
     * <p>What may be done there: hand the status on (post an event to the supervisor, complete a
     * future) and return. Do not block, sleep, wait for a future, take a lock another thread may hold
     * while it waits on this child, or call {@link #release} or {@link #signalGroup}: while the
     * callback runs, no child's output is read and no other exit is reported, and waiting there for
     * this child's output to drain would wait for ever. An exception thrown there is lost (the loop
     * prints it and serves on).
     *
     * <p>Order: the native launcher reads what the program wrote before it exited (what waits in its
     * pipes, up to 1 MiB) and passes it to the receivers of {@link #pipeOutput} before it reports the
     * exit, in the same turn of its loop, with no timer; output written later by a process that still
     * holds the pipes (a grandchild) comes after, as output of its own, and a last line without a
     * newline waits for the pipe's end. Call {@link #pipeOutput} before {@code onExit}. The
     * ProcessBuilder launcher reads each stream on its own thread and promises no such order.
     */
    void onExit(Consumer<ExitStatus> onExit);

    /**
     * Sends a signal to the child's whole process group (the program and everything it started that
     * stayed in the group). Does not wait; a group that is already gone is not an error.
     */
    void signalGroup(int signal);

    /**
     * Sends a signal to the program alone, not to what it started ({@code signal --main}). Call only
     * before {@link #release}: until then the pid is still the child's (its zombie holds it), so the
     * signal cannot reach a stranger. A program that is gone is not an error.
     */
    default void signalMain(int signal) {
        ProcessGroups.signalProcess(pid(), signal);
    }

    /**
     * Says the child has exited and we are done with it: what is left in its group is killed, it is
     * no longer ours to answer for, and (for the native launcher) only now is it reaped — until then
     * its zombie keeps its pid and group id from being reused, so no signal of ours can reach a
     * stranger. Also the moment to look for orphans it left behind. Call once its exit was reported;
     * idempotent.
     */
    void release();
}
