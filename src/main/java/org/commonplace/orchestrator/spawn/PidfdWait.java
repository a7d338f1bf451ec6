package org.commonplace.orchestrator.spawn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.commonplace.orchestrator.model.ExitStatus;

/**
 * waitid(2) on a child's pidfd: to see how it ended without reaping it (the I/O loop), and to reap
 * it once its owner is done with it ({@link NativeChild#release}). The one place that reads a
 * siginfo_t of an exit, so "exited with a code" and "killed by a signal" are told apart here only.
 */
final class PidfdWait {
    /** Room for a siginfo_t (128 bytes on Linux). */
    static final long SIGINFO_SIZE = 128;

    enum Outcome { DONE, INTERRUPTED, FAILED }

    private PidfdWait() {
    }

    /** {@return what a siginfo_t filled by waitid says of an exit: si_code at 8, si_status at 24} */
    static ExitStatus statusOf(MemorySegment info) {
        int how = info.get(ValueLayout.JAVA_INT, 8);
        int status = info.get(ValueLayout.JAVA_INT, 24);
        return switch (how) {
            case Native.CLD_KILLED -> ExitStatus.killed(status, false);
            case Native.CLD_DUMPED -> ExitStatus.killed(status, true);
            default -> ExitStatus.exited(status);
        };
    }

    /** Reaps the exited child of {@code pidfd} (see {@link IoLoop#watchExit}); true when it was reaped. */
    static boolean reapNow(int pidfd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(SIGINFO_SIZE, 8);
            MemorySegment capture = Native.captureSegment(a);
            Outcome outcome;
            do {
                outcome = waitid(pidfd, info, capture, Native.WEXITED);
            } while (outcome == Outcome.INTERRUPTED);
            return outcome == Outcome.DONE;
        }
    }

    /** Calls waitid(P_PIDFD, pidfd, info, options); {@code info} is filled when it returns DONE. */
    static Outcome waitid(int pidfd, MemorySegment info, MemorySegment capture, int options) {
        int rc;
        try {
            rc = (int) Native.WAITID.invokeExact(capture, Native.P_PIDFD, pidfd, info, options);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc == 0) {
            return Outcome.DONE;
        }
        return Native.errno(capture) == Native.EINTR ? Outcome.INTERRUPTED : Outcome.FAILED;
    }
}
