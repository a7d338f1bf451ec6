package org.commonplace.orchestrator.spawn;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Signals a process group with kill(2) on a negative pid: the JDK's {@code ProcessHandle.destroy}
 * reaches only one pid, so a shell script's children would survive it.
 */
public final class ProcessGroups {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final MethodHandle KILL;

    static {
        Linker linker = Linker.nativeLinker();
        KILL = linker.downcallHandle(
                linker.defaultLookup().find("kill").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

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
        return kill(-(int) pgid, signal) == 0;
    }

    /** Sends {@code signal} to one process. */
    public static boolean signalProcess(long pid, int signal) {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        return kill((int) pid, signal) == 0;
    }

    private static int kill(int pid, int signal) {
        try {
            return (int) KILL.invokeExact(pid, signal);
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", t);
        }
    }
}
