package org.commonplace.orchestrator.spawn.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.junit.jupiter.api.Test;

/** What a dead orchestrator's record may make the next run kill, and what it may not. */
final class RunRecordTest {
    private static final RunRecord.Parsed.Item SESSION = new RunRecord.Parsed.Item("g", 500, 1000);
    private static final RunRecord.Parsed.Item ADOPTED = new RunRecord.Parsed.Item("p", 700, 1200);
    private static final long BEAT = 5000;

    private static ProcStat.Entry process(long pid, long pgid, long session, long start) {
        return new ProcStat.Entry(pid, pgid, session, start, false);
    }

    @Test
    void aMemberOfTheRecordedSessionThatStartedWhileTheOrchestratorLivedIsLeftBehind() {
        assertThat(RunRecord.leftBehind(SESSION, process(500, 500, 500, 1000), BEAT)).isTrue();
        assertThat(RunRecord.leftBehind(SESSION, process(501, 777, 500, 4000), BEAT)).as("in another group of the session").isTrue();
    }

    @Test
    void aStrangerWithTheRecordedIdThatStartedAfterTheLastHeartbeatIsNot() {
        assertThat(RunRecord.leftBehind(SESSION, process(500, 500, 500, 5001), BEAT)).isFalse();
    }

    @Test
    void aProcessOfTheSameGroupIdButAnotherSessionIsNot() {
        assertThat(RunRecord.leftBehind(SESSION, process(900, 500, 900, 2000), BEAT)).isFalse();
    }

    @Test
    void aProcessOlderThanTheRecordedLeaderIsNot() {
        assertThat(RunRecord.leftBehind(SESSION, process(501, 500, 500, 999), BEAT)).isFalse();
    }

    @Test
    void anAdoptedPidMustHaveExactlyItsStartTime() {
        assertThat(RunRecord.leftBehind(ADOPTED, process(700, 1, 700, 1200), BEAT)).isTrue();
        assertThat(RunRecord.leftBehind(ADOPTED, process(700, 1, 700, 1201), BEAT)).isFalse();
    }

    @Test
    void onlyARecordInOurFormatIsRead() {
        assertThat(RunRecord.parse(List.of("g 500 1000"))).as("the old format has no heartbeat").isNull();
        assertThat(RunRecord.parse(List.of("commonplace-orchestrator-record 2", "boot b", "g 500 1000"))).isNull();
        assertThat(RunRecord.parse(List.of("commonplace-orchestrator-record 2", "boot b", "beat 5000", "g 500 x"))).isNull();
        assertThat(RunRecord.parse(List.of("commonplace-orchestrator-record 2", "boot b", "beat 5000", "g 500 1000", "p 700 1200")))
                .isEqualTo(new RunRecord.Parsed("b", 5000, List.of(SESSION, ADOPTED)));
    }
}
