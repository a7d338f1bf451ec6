package org.commonplace.orchestrator.crash;

import java.util.Optional;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;

/**
 * Whether a change of a process's snapshot is a crash, read from the two snapshots alone (the
 * lifecycle table is the supervisor's, and this reads only what it publishes):
 * <ul>
 * <li>it was given up: its state became {@code FAILED}, unless it was being stopped;</li>
 * <li>or it exited when nobody asked it to (it was not {@code STOPPING}, nor stopped by hand), and
 *     the exit was a failure (not a clean exit 0, and not an exit its config counts as done, which
 *     leaves it {@code STOPPED}).</li>
 * </ul>
 * A clean exit that its policy restarts is not a crash; neither is an exit caused by a stop or a
 * restart (by hand, by a reload, by a failed liveness check or memory limit: all go through {@code STOPPING}).
 */
final class CrashDetector {
    private CrashDetector() {
    }

    /** {@return empty when {@code now} is no crash; else whether the process was given up} */
    static Optional<Boolean> crash(ProcessSnapshot before, ProcessSnapshot now) {
        boolean asked = before != null && before.state() == ProcessState.STOPPING || now.stoppedByHand();
        if (asked) {
            return Optional.empty();
        }
        boolean gaveUp = now.state() == ProcessState.FAILED && (before == null || before.state() != ProcessState.FAILED);
        boolean newExit = now.lastExit().isPresent() && (before == null || !now.lastExitAt().equals(before.lastExitAt()));
        boolean failed = newExit && !now.lastExit().get().isClean() && now.state() != ProcessState.STOPPED;
        return gaveUp && now.lastExit().isPresent() || failed ? Optional.of(gaveUp) : Optional.empty();
    }
}
