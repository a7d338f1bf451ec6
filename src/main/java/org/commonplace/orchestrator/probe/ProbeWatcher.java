package org.commonplace.orchestrator.probe;

import java.time.Duration;
import java.util.Optional;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.ReadySpec;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.ReadinessWatcher;

/**
 * Tries a starting process's probe every {@code interval_ms} on a virtual thread of its own, until
 * an attempt passes or the supervisor cancels the watch (the process became ready, exited, timed out
 * or is being stopped). The timeout itself is the supervisor's timer, not this loop's.
 */
public final class ProbeWatcher implements ReadinessWatcher {
    /** An attempt may take this long at most, however short the interval. */
    private static final long MIN_ATTEMPT_MS = 1000;

    private final Launcher launcher;
    private final MessageBoard board;

    /**
     * @param launcher starts the commands of {@code exec} checks, as it starts the processes
     * @param board    waits for the messages of {@code mqtt_message} checks
     */
    public ProbeWatcher(Launcher launcher, MessageBoard board) {
        this.launcher = launcher;
        this.board = board;
    }

    @Override
    public Watch watch(ManagedProcess process, Runnable onReady) {
        ReadySpec ready = process.ready().orElseThrow();
        if (ready.check() instanceof ReadyCheck.MqttMessage message) {
            return board.watch(message.topic(), message.payload(), onReady);
        }
        Optional<Probe> probe = Probes.forCheck(ready.check(), process.launch(), launcher);
        var watch = new Loop();
        if (probe.isEmpty()) {
            return watch;
        }
        watch.thread = Thread.ofVirtual().name("ready-" + process.name()).start(() -> {
            try (Probe p = probe.get()) {
                Duration attemptTimeout = Duration.ofMillis(Math.max(ready.intervalMs(), MIN_ATTEMPT_MS));
                while (!watch.cancelled) {
                    ProbeResult result = p.attempt(attemptTimeout);
                    if (watch.cancelled) {
                        return;
                    }
                    if (result.ready()) {
                        onReady.run();
                        return;
                    }
                    watch.lastFailure = result.reason();
                    Thread.sleep(ready.intervalMs());
                }
            } catch (InterruptedException e) {
                // cancelled
            }
        });
        return watch;
    }

    private static final class Loop implements Watch {
        volatile boolean cancelled;
        volatile String lastFailure = "";
        volatile Thread thread;

        @Override
        public void cancel() {
            cancelled = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        @Override
        public String lastFailure() {
            return lastFailure;
        }
    }
}
