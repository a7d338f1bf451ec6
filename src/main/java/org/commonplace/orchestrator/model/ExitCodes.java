package org.commonplace.orchestrator.model;

/**
 * The orchestrator's own exit codes, for every command (docs/exit-codes.md in the README's table):
 * one home, so {@code run}, the supervisor's verdict, the control clients and {@code top} cannot
 * drift apart. (A child's exit status is {@link ExitStatus}, not these.)
 */
public final class ExitCodes {
    /** Every child stopped by itself within its timeout; {@code check} found the config valid; a client's request was done. */
    public static final int OK = 0;
    /**
     * A child had to be killed, the broker check failed, something fatal happened; or a client found
     * no orchestrator running, or its request was refused.
     */
    public static final int FAILURE = 1;
    /** A usage error or an invalid config: nothing was started (or changed); {@code top} without a terminal. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
