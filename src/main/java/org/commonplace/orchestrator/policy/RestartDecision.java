package org.commonplace.orchestrator.policy;

import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.model.ExitStatus;

/** Whether an exit is followed by a restart: a pure function of (policy, exit status). */
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
}
