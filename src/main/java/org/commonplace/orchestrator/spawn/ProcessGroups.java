package org.commonplace.orchestrator.spawn;

/**
 * Signals a process group with kill(2) on a negative pid: the JDK's {@code ProcessHandle.destroy}
 * reaches only one pid, so a shell script's children would survive it.
 */
public final class ProcessGroups {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

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
}
