package org.commonplace.orchestrator.spawn;

/**
 * Signals a process group with kill(2) on a negative pid: the JDK's {@code ProcessHandle.destroy}
 * reaches only one pid, so a shell script's children would survive it.
 */
public final class ProcessGroups {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;

    private ProcessGroups() {
    }

    /**
     * Sends {@code signal} to every process of group {@code pgid}.
     *
     * @return true if the signal was delivered to at least one process; false when the group is gone
     */
    public static boolean signal(long pgid, int signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        return Native.kill(-(int) pgid, signal).ok();
    }

    /** Sends {@code signal} to one process; false when it is gone. */
    public static boolean signalProcess(long pid, int signal) {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        return Native.kill((int) pid, signal).ok();
    }

    /**
     * Sends {@code signal} to {@code pid} only if it is still the process that started at
     * {@code startTime}: through a pidfd, so that a pid freed and reused between our look at /proc and
     * the signal is never hit.
     *
     * @return true if the signal was delivered to that process
     */
    public static boolean signalIfSame(long pid, long startTime, int signal) {
        if (pid <= 1) {
            return false;
        }
        Native.Result pidfd = Native.pidfdOpen(pid);
        if (!pidfd.ok() || pidfd.value() < 0) {
            return false;
        }
        try {
            // The pidfd names one process for good; the start time, read after it was opened, says
            // whether that is the one we mean.
            if (ProcStat.startTime(pid).orElse(-1) != startTime) {
                return false;
            }
            return Native.pidfdSendSignal(pidfd.value(), signal).ok();
        } finally {
            Native.close(pidfd.value());
        }
    }
}
