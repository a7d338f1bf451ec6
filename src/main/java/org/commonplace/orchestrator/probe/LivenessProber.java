package org.commonplace.orchestrator.probe;

import java.time.Duration;
import org.commonplace.orchestrator.config.LivenessSpec;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.supervise.LivenessChecker;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * Tries liveness checks with the readiness probes: each attempt on a virtual thread of its own, so a
 * check that hangs holds only that thread. The supervisor starts an attempt only when the last one
 * has ended, and counts one that overruns its timeout as failed.
 */
public final class LivenessProber implements LivenessChecker {
    private final Launcher launcher;

    /** @param launcher starts the commands of {@code exec} checks, as it starts the processes */
    public LivenessProber(Launcher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Check open(ManagedProcess process) {
        LivenessSpec spec = process.liveness().orElseThrow();
        Probe probe = Probes.forCheck(spec.check(), process.launch(), launcher)
                .orElseThrow(() -> new IllegalArgumentException("no probe for " + spec.check().describe()));
        String name = "liveness-" + process.name();
        return new Check() {
            @Override
            public void attempt(long timeoutMs, Result result) {
                Thread.ofVirtual().name(name).start(() -> {
                    ProbeResult r = probe.attempt(Duration.ofMillis(timeoutMs));
                    result.done(r.ready(), r.reason());
                });
            }

            @Override
            public void close() {
                // HttpClient.close waits for a request under way: never on the supervisor's thread.
                Thread.ofVirtual().name(name + "-close").start(probe::close);
            }
        };
    }
}
