package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a write to a reader that stopped reading counts as stuck, on a fake clock. */
final class StuckWriteTest {
    @Test
    void aWriteIsStuckOnlyWhileItHasWaitedLongerThanTheLimit() {
        var clock = new AtomicLong(1_000);
        var write = new StuckWrite(clock::get, 60);
        assertThat(write.stuck()).as("no write under way").isFalse();
        write.begin();
        clock.addAndGet(60);
        assertThat(write.stuck()).isFalse();
        clock.addAndGet(1);
        assertThat(write.stuck()).isTrue();
        write.end();
        assertThat(write.stuck()).as("done").isFalse();
        clock.addAndGet(1_000);
        write.begin();
        assertThat(write.stuck()).as("a new write starts its own wait").isFalse();
    }
}
