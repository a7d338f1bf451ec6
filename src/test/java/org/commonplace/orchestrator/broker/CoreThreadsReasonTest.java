package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one line a dying core thread leaves: the innermost cause, even of a chain of causes that loops. */
final class CoreThreadsReasonTest {
    @Test
    void theInnermostCauseIsSaid() {
        var inner = new IllegalStateException("refCnt: 0, decrement: 1");
        assertThat(CoreThreads.reason(new RuntimeException(new RuntimeException(inner))))
                .isEqualTo("java.lang.IllegalStateException: refCnt: 0, decrement: 1");
    }

    @Test
    void aChainOfCausesThatLoopsStillEnds() {
        var first = new IllegalStateException("first");
        var second = new IllegalArgumentException("second");
        first.initCause(second);
        second.initCause(first);
        String reason = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CoreThreads.reason(first));
        assertThat(reason).containsAnyOf("first", "second");
    }

    @Test
    void aLongMessageIsCutAndKeptOnOneLine() {
        String reason = CoreThreads.reason(new IllegalStateException("a\nb\r\n" + "x".repeat(500)));
        assertThat(reason).doesNotContain("\n", "\r").endsWith("...").hasSizeLessThan(220);
    }
}
