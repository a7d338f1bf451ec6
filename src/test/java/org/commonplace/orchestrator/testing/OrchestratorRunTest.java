package org.commonplace.orchestrator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.commonplace.orchestrator.fixtures.Sleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test helper's own promise: a test whose orchestrator does not stop cleanly at the end fails,
 * unless it says why. A stop that needed a kill (exit 1) once passed unseen.
 */
final class OrchestratorRunTest {
    @TempDir
    Path dir;

    /** One child that ignores SIGTERM: the stop kills it after 300 ms, and the orchestrator exits 1. */
    private Path stubborn() {
        var config = new ConfigBuilder();
        config.fixture("stubborn", Sleeper.class, dir.resolve("log").toString(), "stubborn", "ignore-term")
                .put("stop_timeout_ms", 300);
        return config.writeTo(dir);
    }

    @Test
    void aStopAtTheEndThatExitsOneFailsTheTest() {
        var run = OrchestratorRun.run(stubborn());
        run.awaitStdout("\\[stubborn] stubborn is up");
        assertThatThrownBy(run::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited 1, not 0").hasMessageContaining("stubborn did not stop within 300 ms");
        assertThat(run.isAlive()).isFalse();
    }

    @Test
    void aTestThatSaysWhyMayEndWithAnUncleanStop() {
        var run = OrchestratorRun.run(stubborn()).allowUncleanStop("its child ignores SIGTERM, so the stop kills it");
        run.awaitStdout("\\[stubborn] stubborn is up");
        run.close();
        assertThat(run.isAlive()).isFalse();
    }
}
