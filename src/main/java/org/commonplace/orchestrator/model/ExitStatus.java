package org.commonplace.orchestrator.model;

/**
 * How a child ended, as the kernel tells it ({@code waitid}'s {@code si_code}): it exited with a code
 * of its own, or a signal killed it (and then it may have dumped core), or it could not be started.
 * The two are different facts even when the numbers look alike: {@code sh -c 'exit 143'} exited with
 * code 143 and was not killed by anything; {@code kill -TERM} of a process is a death by SIGTERM.
 *
 * <p>{@link #code()} is the shell's single number for either: the exit code, or 128 + N for a death by
 * signal N. Use it only where one number must stand for the end (the orchestrator's own exit code,
 * a systemd-style status); to say what happened, ask {@link #isSignal()} and {@link #signal()}.
 *
 * <p>The ProcessBuilder launcher cannot tell the two apart (the JDK folds them into one number), so
 * it reads 129..192 as a death by signal ({@link #fromFoldedCode}); the native launcher never guesses.
 *
 * @param code       the exit code; 128 + {@link #signal} for a death by signal; or {@link #LAUNCH_FAILED}
 * @param signal     the signal that killed it, or 0 when it exited by itself (or never started)
 * @param coreDumped whether it dumped core as it died (only with a signal)
 */
public record ExitStatus(int code, int signal, boolean coreDumped) {
    /** Sentinel code for a command that could not be started at all. */
    public static final int LAUNCH_FAILED = Integer.MIN_VALUE;

    public ExitStatus {
        if (signal < 0 || (signal == 0 && coreDumped) || (signal > 0 && code != 128 + signal)) {
            throw new IllegalArgumentException("not an exit status: code " + code + ", signal " + signal + ", core " + coreDumped);
        }
    }

    /** A process that exited by itself with {@code code}: never a signal, whatever the number. */
    public ExitStatus(int code) {
        this(code, 0, false);
    }

    /** {@return the status of a process that exited by itself with {@code code}} */
    public static ExitStatus exited(int code) {
        return new ExitStatus(code);
    }

    /** {@return the status of a process killed by {@code signal}, having dumped core or not} */
    public static ExitStatus killed(int signal, boolean coreDumped) {
        if (signal <= 0) {
            throw new IllegalArgumentException("not a signal: " + signal);
        }
        return new ExitStatus(128 + signal, signal, coreDumped);
    }

    /**
     * {@return the status behind a number in which a death by signal N is folded into 128 + N}, as the
     * JDK's {@link Process#exitValue()} gives it: 129..192 reads as a signal, since it nearly always is.
     */
    public static ExitStatus fromFoldedCode(int code) {
        return code > 128 && code <= 128 + 64 ? killed(code - 128, false) : exited(code);
    }

    /** {@return the status of a failed launch} */
    public static ExitStatus launchFailed() {
        return new ExitStatus(LAUNCH_FAILED);
    }

    /** {@return whether the command could not be started at all} */
    public boolean isLaunchFailure() {
        return code == LAUNCH_FAILED;
    }

    /** {@return whether the process exited by itself with code 0} */
    public boolean isClean() {
        return code == 0 && signal == 0;
    }

    /** {@return whether a signal killed the process} */
    public boolean isSignal() {
        return signal > 0;
    }

    /** {@return whether the process exited by itself (not killed, not a failed launch) with {@code exitCode}} */
    public boolean exitedWith(int exitCode) {
        return signal == 0 && code == exitCode && code != LAUNCH_FAILED;
    }

    /**
     * {@return "exited with code 143", "was killed by SIGTERM", "was killed by SIGSEGV (core dumped)"
     * or "could not be started": the end as the console says it after a process's name}
     */
    public String describe() {
        if (isLaunchFailure()) {
            return "could not be started";
        }
        return isSignal() ? "was killed by " + brief() : "exited with code " + code;
    }

    /** {@return "exit code 1", "SIGTERM", "SIGSEGV (core dumped)" or "not started": the end in a few words} */
    public String brief() {
        if (isLaunchFailure()) {
            return "not started";
        }
        if (isSignal()) {
            return SignalNames.name(signal) + (coreDumped ? " (core dumped)" : "");
        }
        return "exit code " + code;
    }
}
