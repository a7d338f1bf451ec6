package org.commonplace.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One name per signal number, as {@code kill -l} writes it, for every output. */
final class SignalNamesTest {
    @Test
    void classicSignalsHaveTheirNamesAndRealTimeOnesTheNamesKillGivesThem() {
        assertThat(SignalNames.name(9)).isEqualTo("SIGKILL");
        assertThat(SignalNames.name(15)).isEqualTo("SIGTERM");
        assertThat(SignalNames.name(31)).isEqualTo("SIGSYS");
        // Before: the console said "signal 35" and the JSON "SIG35".
        assertThat(SignalNames.name(34)).isEqualTo("SIGRTMIN");
        assertThat(SignalNames.name(35)).isEqualTo("SIGRTMIN+1");
        assertThat(SignalNames.name(49)).isEqualTo("SIGRTMIN+15");
        assertThat(SignalNames.name(50)).isEqualTo("SIGRTMAX-14");
        assertThat(SignalNames.name(64)).isEqualTo("SIGRTMAX");
        assertThat(SignalNames.name(32)).isEqualTo("SIG32");
        assertThat(SignalNames.name(65)).isEqualTo("SIG65");
    }

    @Test
    void aUserNamesASignalAsKillDoesAndWhatCannotBeSentIsNoSignal() {
        assertThat(SignalNames.parse("HUP")).hasValue(1);
        assertThat(SignalNames.parse("sigterm")).hasValue(15);
        assertThat(SignalNames.parse(" USR1 ")).hasValue(10);
        assertThat(SignalNames.parse("9")).hasValue(9);
        assertThat(SignalNames.parse("RTMIN")).hasValue(34);
        assertThat(SignalNames.parse("SIGRTMIN+2")).hasValue(36);
        assertThat(SignalNames.parse("RTMAX-1")).hasValue(63);
        assertThat(SignalNames.parse("RTMIN+20")).hasValue(54); // kill -l calls it RTMAX-10; both are accepted
        for (String no : new String[] {"", "SIG", "NOPE", "0", "32", "33", "65", "-1", "1000", "RTMIN+31", "RTMAX+1", "SIG32"}) {
            assertThat(SignalNames.parse(no)).as(no).isEmpty();
        }
    }

    @Test
    void anExitCodeIsNeverASignalAndAKillingAlwaysIs() {
        assertThat(ExitStatus.exited(143).isSignal()).isFalse();
        assertThat(ExitStatus.exited(143).describe()).isEqualTo("exited with code 143");
        assertThat(ExitStatus.killed(15, false).describe()).isEqualTo("was killed by SIGTERM");
        assertThat(ExitStatus.killed(15, false).code()).isEqualTo(143);
        assertThat(ExitStatus.killed(11, true).brief()).isEqualTo("SIGSEGV (core dumped)");
        assertThat(ExitStatus.killed(15, false).exitedWith(143)).isFalse();
        assertThat(ExitStatus.exited(143).exitedWith(143)).isTrue();
        assertThat(ExitStatus.fromFoldedCode(137)).isEqualTo(ExitStatus.killed(9, false));
        assertThat(ExitStatus.launchFailed().describe()).isEqualTo("could not be started");
    }
}
