package org.commonplace.orchestrator.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.junit.jupiter.api.Test;

/** Which changes of a snapshot are crashes: a matrix of (state before, state after, exit). */
final class CrashDetectorTest {
    private static final Instant T0 = Instant.parse("2026-12-07T21:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);

    private static ProcessSnapshot snap(ProcessState state, ExitStatus exit, Instant at, boolean byHand) {
        return new ProcessSnapshot("web", state, 0, Optional.of(T0), 0, Optional.ofNullable(exit), Optional.ofNullable(at),
                Optional.empty(), byHand, List.of(), ProcessSnapshot.UNKNOWN_HEALTH);
    }

    private static ProcessSnapshot running() {
        return snap(ProcessState.RUNNING, null, null, false);
    }

    @Test
    void aFailedExitThatIsRestartedIsACrashNotGivenUp() {
        assertThat(CrashDetector.crash(running(), snap(ProcessState.BACKING_OFF, ExitStatus.exited(3), T1, false))).contains(false);
    }

    @Test
    void aDeathBySignalIsACrash() {
        assertThat(CrashDetector.crash(running(), snap(ProcessState.BACKING_OFF, ExitStatus.killed(11, true), T1, false))).contains(false);
    }

    @Test
    void aProcessGivenUpIsACrashGivenUpEvenAfterACleanExit() {
        assertThat(CrashDetector.crash(running(), snap(ProcessState.FAILED, ExitStatus.exited(0), T1, false))).contains(true);
        assertThat(CrashDetector.crash(running(), snap(ProcessState.FAILED, ExitStatus.exited(1), T1, false))).contains(true);
    }

    @Test
    void aCleanExitThatIsRestartedIsNoCrash() {
        assertThat(CrashDetector.crash(running(), snap(ProcessState.BACKING_OFF, ExitStatus.exited(0), T1, false))).isEmpty();
    }

    @Test
    void anExitItsConfigCountsAsDoneIsNoCrash() {
        assertThat(CrashDetector.crash(running(), snap(ProcessState.STOPPED, ExitStatus.exited(3), T1, false))).isEmpty();
    }

    @Test
    void anExitAfterAStopIsNoCrash() {
        var stopping = snap(ProcessState.STOPPING, null, null, false);
        assertThat(CrashDetector.crash(stopping, snap(ProcessState.STOPPED, ExitStatus.killed(15, false), T1, false))).isEmpty();
        assertThat(CrashDetector.crash(stopping, snap(ProcessState.STARTING, ExitStatus.killed(9, false), T1, false))).isEmpty();
        assertThat(CrashDetector.crash(stopping, snap(ProcessState.FAILED, ExitStatus.killed(9, false), T1, false))).isEmpty();
    }

    @Test
    void aProcessStoppedByHandIsNoCrash() {
        assertThat(CrashDetector.crash(running(), snap(ProcessState.STOPPED, ExitStatus.killed(15, false), T1, true))).isEmpty();
    }

    @Test
    void theSameExitToldAgainIsNotASecondCrash() {
        var backingOff = snap(ProcessState.BACKING_OFF, ExitStatus.exited(3), T1, false);
        assertThat(CrashDetector.crash(backingOff, snap(ProcessState.STARTING, ExitStatus.exited(3), T1, false))).isEmpty();
        var failed = snap(ProcessState.FAILED, ExitStatus.exited(3), T1, false);
        assertThat(CrashDetector.crash(failed, failed)).isEmpty();
    }

    @Test
    void aCrashAndItsRestartInOneTurnIsStillACrash() {
        var before = snap(ProcessState.RUNNING, ExitStatus.exited(3), T0, false);
        assertThat(CrashDetector.crash(before, snap(ProcessState.STARTING, ExitStatus.exited(3), T1, false))).contains(false);
    }

    @Test
    void aFailedLaunchIsACrash() {
        var waiting = snap(ProcessState.WAITING, null, null, false);
        assertThat(CrashDetector.crash(waiting, snap(ProcessState.BACKING_OFF, ExitStatus.launchFailed(), T1, false))).contains(false);
    }
}
