package org.commonplace.orchestrator.policy;

import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.model.ExitStatus;

/**
 * Whether an exit is followed by a restart: a pure function of (policy, exit status); and whether
 * the restarts counted so far give up instead (OTP's restart intensity).
 */
public final class RestartDecision {
    private RestartDecision() {
    }

    /**
     * {@return true when the policy restarts after this exit}: {@code always} after any exit,
     * {@code on_failure} after a non-zero exit, a death by signal or a failed launch, {@code never}
     * never.
     */
    public static boolean restarts(RestartPolicy policy, ExitStatus status) {
        return switch (policy) {
            case ALWAYS -> true;
            case ON_FAILURE -> !status.isClean();
            case NEVER -> false;
        };
    }

    /**
     * {@return true when the policy restarts after a run that {@code failed}}: as {@link #restarts(RestartPolicy,
     * ExitStatus)}, where whether the run failed is decided by the process's success codes ({@code
     * restart.success_exit_codes}, a one-shot job's {@code exit} code), not by code 0 alone
     */
    public static boolean restarts(RestartPolicy policy, boolean failed) {
        return switch (policy) {
            case ALWAYS -> true;
            case ON_FAILURE -> failed;
            case NEVER -> false;
        };
    }

    /**
     * {@return true when {@code counted} restarts pass the block's {@code max_restarts}}: more than N
     * within {@code within_ms}, or without it more than N in a row; never without {@code max_restarts}
     *
     * @param counted the restarts counted, the one about to happen included
     */
    public static boolean givesUp(RestartSpec spec, int counted) {
        return spec.limited() && counted > spec.maxRestarts();
    }
}
