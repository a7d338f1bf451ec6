package org.commonplace.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commonplace.orchestrator.config.RestartPolicy.ALWAYS;
import static org.commonplace.orchestrator.config.RestartPolicy.NEVER;
import static org.commonplace.orchestrator.config.RestartPolicy.ON_FAILURE;

import org.commonplace.orchestrator.model.ExitStatus;
import org.junit.jupiter.api.Test;

/** The restart matrix: policy x (clean exit, failure, signal, failed launch). */
final class RestartDecisionTest {
    private static final ExitStatus CLEAN = new ExitStatus(0);
    private static final ExitStatus FAILURE = new ExitStatus(1);
    private static final ExitStatus KILLED = ExitStatus.killed(9, false);
    private static final ExitStatus NOT_STARTED = ExitStatus.launchFailed();

    @Test
    void alwaysRestartsAfterAnyExit() {
        assertThat(RestartDecision.restarts(ALWAYS, CLEAN)).isTrue();
        assertThat(RestartDecision.restarts(ALWAYS, FAILURE)).isTrue();
        assertThat(RestartDecision.restarts(ALWAYS, KILLED)).isTrue();
        assertThat(RestartDecision.restarts(ALWAYS, NOT_STARTED)).isTrue();
    }

    @Test
    void onFailureIgnoresACleanExit() {
        assertThat(RestartDecision.restarts(ON_FAILURE, CLEAN)).isFalse();
        assertThat(RestartDecision.restarts(ON_FAILURE, FAILURE)).isTrue();
        assertThat(RestartDecision.restarts(ON_FAILURE, KILLED)).isTrue();
        assertThat(RestartDecision.restarts(ON_FAILURE, NOT_STARTED)).isTrue();
    }

    @Test
    void neverRestarts() {
        assertThat(RestartDecision.restarts(NEVER, CLEAN)).isFalse();
        assertThat(RestartDecision.restarts(NEVER, FAILURE)).isFalse();
        assertThat(RestartDecision.restarts(NEVER, KILLED)).isFalse();
        assertThat(RestartDecision.restarts(NEVER, NOT_STARTED)).isFalse();
    }

    @Test
    void givesUpOnlyPastMaxRestartsAndNeverWithoutIt() {
        var threeWithinASecond = new org.commonplace.orchestrator.config.RestartSpec(ALWAYS, 0, 0, 3, 1000);
        assertThat(RestartDecision.givesUp(threeWithinASecond, 3)).isFalse();
        assertThat(RestartDecision.givesUp(threeWithinASecond, 4)).isTrue();
        var threeInARow = new org.commonplace.orchestrator.config.RestartSpec(ALWAYS, 0, 0, 3);
        assertThat(RestartDecision.givesUp(threeInARow, 4)).isTrue();
        var unlimited = new org.commonplace.orchestrator.config.RestartSpec(ALWAYS, 0, 0);
        assertThat(RestartDecision.givesUp(unlimited, Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void aDeathBySignalIsNamedAndAnExitCodeIsNot() {
        assertThat(KILLED.isSignal()).isTrue();
        assertThat(KILLED.signal()).isEqualTo(9);
        assertThat(FAILURE.isSignal()).isFalse();
        assertThat(NOT_STARTED.isClean()).isFalse();
    }
}
