package org.commonplace.orchestrator.cli;

/** The orchestrator's exit codes (docs/exit-codes.md). */
final class ExitCodes {
    /** Every child stopped by itself within its timeout; or `check` found the config valid. */
    static final int OK = 0;
    /** A child had to be killed, the broker check failed, or something fatal happened. */
    static final int FAILURE = 1;
    /** A usage error or an invalid config: nothing was started. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
