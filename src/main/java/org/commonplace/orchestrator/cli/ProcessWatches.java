package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.FileWatch;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.Supervisor;
import org.commonplace.orchestrator.watch.FileWatcher;
import org.commonplace.orchestrator.watch.Interest;

/**
 * Each process's {@code "watch"}: a subscription of the run's {@link FileWatcher} whose change is
 * posted to the supervisor as {@link Command.RestartForChange} (the restart of {@code restart NAME},
 * decided on the loop thread). Kept in step with the config at start and at every reload that applies.
 */
final class ProcessWatches {
    private final FileWatcher watcher;
    private final Supervisor supervisor;
    private final Consumer<String> warn;
    /** What each watched process watches now: a reload that leaves it as it is leaves the watch alone. */
    private final Map<String, Interest> watched = new HashMap<>();

    ProcessWatches(FileWatcher watcher, Supervisor supervisor, Consumer<String> warn) {
        this.watcher = watcher;
        this.supervisor = supervisor;
        this.warn = warn;
    }

    /** Watches what the planned processes of {@code config} name, and no longer what the others did. */
    synchronized void follow(OrchestratorConfig config, List<ManagedProcess> planned) {
        Path folder = config.source().toAbsolutePath().normalize().getParent();
        var now = new HashMap<String, Interest>();
        for (ManagedProcess process : planned) {
            FileWatch watch = config.process(process.name()).map(p -> p.watch()).orElse(FileWatch.none());
            if (watch.any()) {
                now.put(process.name(), new Interest(folder, watch.paths(), watch.ignoreInEffect(), watch.debounceMs()));
            }
        }
        watched.keySet().stream().filter(n -> !now.containsKey(n)).forEach(watcher::unwatch);
        now.forEach((name, interest) -> {
            if (interest.equals(watched.get(name))) {
                return;
            }
            try {
                watcher.watch(name, interest, change -> supervisor.post(new Event.Control(
                        new Command.RestartForChange(name, change.describe()), new CompletableFuture<>())));
            } catch (IllegalArgumentException e) {
                warn.accept(name + ": " + e.getMessage() + "; not watched"); // the config's check let it through
                now.remove(name);
            }
        });
        watched.clear();
        watched.putAll(now);
    }
}
