package org.commonplace.orchestrator.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a spawner thread of {@link NativeLauncher#launchAll} threw reaches the supervisor loop as
 * itself. With {@code Future.resultNow} it became "IllegalStateException: Task completed with
 * exception", without a cause: CoreFailureTest saw the orchestrator say "the supervisor loop failed
 * (java.lang.IllegalStateException: Task completed with exception)" when a spawner thread, not the
 * I/O loop, met the full heap first.
 */
final class SpawnerFailureTest {
    @Test
    void anErrorOfASpawnerThreadIsThrownAsItself() {
        var failed = CompletableFuture.<Launched>failedFuture(new OutOfMemoryError("Java heap space"));
        assertThatThrownBy(() -> NativeLauncher.resultOf(failed)).isInstanceOf(OutOfMemoryError.class)
                .hasMessage("Java heap space");
    }

    @Test
    void anUncheckedExceptionIsThrownAsItselfAndACheckedOneWithItsCause() {
        var unchecked = CompletableFuture.<Launched>failedFuture(new IllegalArgumentException("bad"));
        assertThatThrownBy(() -> NativeLauncher.resultOf(unchecked)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
        var checked = CompletableFuture.<Launched>failedFuture(new java.io.IOException("io"));
        assertThatThrownBy(() -> NativeLauncher.resultOf(checked)).hasRootCauseMessage("io");
    }

    @Test
    void aResultIsReturned() {
        var launched = new Launched(null, new LaunchException("no such program"));
        assertThat(NativeLauncher.resultOf(CompletableFuture.completedFuture(launched))).isSameAs(launched);
    }
}
