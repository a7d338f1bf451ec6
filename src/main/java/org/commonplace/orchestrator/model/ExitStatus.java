package org.commonplace.orchestrator.model;

/**
 * How a child ended, as the JDK reports it: an exit code, where the JDK encodes a death by signal N
 * as 128 + N (it does not tell the two apart, so neither can we: a code of 137 reads "killed by
 * SIGKILL", which is what it nearly always is).
 *
 * @param code the exit value of {@link Process#exitValue()}, or {@link #LAUNCH_FAILED}
 */
public record ExitStatus(int code) {
    /** Sentinel for a command that could not be started at all. */
    public static final int LAUNCH_FAILED = Integer.MIN_VALUE;

    /** {@return the status of a failed launch} */
    public static ExitStatus launchFailed() {
        return new ExitStatus(LAUNCH_FAILED);
    }

    /** {@return whether the process exited by itself with code 0} */
    public boolean isClean() {
        return code == 0;
    }

    /** {@return whether the status reads as a death by signal (code 129..192)} */
    public boolean isSignal() {
        return code > 128 && code <= 128 + 64;
    }

    /** {@return the signal number when {@link #isSignal()}} */
    public int signal() {
        return code - 128;
    }
}
