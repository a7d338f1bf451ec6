package org.commonplace.orchestrator.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.control.LogBook;
import org.commonplace.orchestrator.crash.CrashBook;
import org.commonplace.orchestrator.crash.CrashDesk;
import org.commonplace.orchestrator.crash.CrashWatch;
import org.commonplace.orchestrator.crash.FailureHooks;
import org.commonplace.orchestrator.crash.RecentLines;
import org.commonplace.orchestrator.model.CrashReport;
import org.commonplace.orchestrator.runtime.RuntimeDir;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.supervise.Supervisor;

/**
 * Wires the crash reports of a run: a listener of the supervisor that notices crashes, the desk that
 * makes each report from the log book's lines, the book {@code ps NAME} and {@code logs --last-crash}
 * read, and the {@code on_failure} hooks as the config last loaded (at start or by a reload) says.
 */
final class CrashStep {
    private final CrashBook book = new CrashBook();
    private final CrashDesk desk;
    private final AtomicReference<Map<String, FailureHooks.Hook>> hooks = new AtomicReference<>(Map.of());
    private FailureHooks failureHooks;

    private CrashStep(RecentLines lines, Consumer<String> say) {
        this.desk = new CrashDesk(lines, book, say);
    }

    /**
     * Listens to {@code supervisor} (call before it runs); hooks are started through {@code launcher}.
     * Call it holding the config's lock: it removes the lines files a killed run of the config left.
     *
     * @param linesPrefix how this config's lines files are named ({@code RunFiles.linesFilePrefix})
     */
    static CrashStep wire(OrchestratorConfig config, Supervisor supervisor, LogBook logs, Launcher launcher, String linesPrefix,
                          Consumer<String> say) {
        RecentLines lines = new RecentLines() {
            @Override
            public long mark() {
                return logs.mark();
            }

            @Override
            public java.util.List<String> last(String name, int n, long mark) {
                return logs.lastOf(name, n, mark).stream().map(LogBook.Line::decoded).toList();
            }
        };
        var step = new CrashStep(lines, say);
        step.adopt(config);
        step.failureHooks = new FailureHooks(name -> Optional.ofNullable(step.hooks.get().get(name)), launcher,
                CrashStep::runtimeDir, linesPrefix, say);
        step.failureHooks.removeLeftovers();
        step.desk.onReport(step.failureHooks);
        supervisor.addListener(new CrashWatch(lines, step.desk));
        return step;
    }

    /** The private runtime folder (0700, ours), checked each time: a lines file is written there. */
    private static java.nio.file.Path runtimeDir() throws java.io.IOException {
        try {
            return RuntimeDir.open();
        } catch (RuntimeDir.Unsafe e) {
            throw new java.io.IOException(e.getMessage());
        }
    }

    /** From now on, the hooks of {@code config} (a reload's). */
    void adopt(OrchestratorConfig config) {
        hooks.set(config.processes().values().stream().filter(p -> p.onFailure().isSet())
                .collect(Collectors.toUnmodifiableMap(ProcessSpec::name, p -> new FailureHooks.Hook(p.onFailure(), p.cwd()))));
    }

    /** Each report goes to {@code listener} too (the MQTT crash topic). */
    void onReport(Consumer<CrashReport> listener) {
        desk.onReport(listener);
    }

    /**
     * At the end of the run, before the MQTT connection closes: the last crashes are reported and their
     * hooks run, within {@code ms} in all (a process given up as the run ends is the one most worth a page).
     */
    void finish(long ms, Consumer<String> say) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        try {
            boolean done = desk.awaitIdle(ms) && failureHooks.finish(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            if (!done) {
                say.accept("not every on_failure hook ended within " + ms + " ms; the rest are not waited for");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@return the last crash of {@code name}} */
    Optional<CrashReport> latest(String name) {
        return book.latest(name);
    }
}
