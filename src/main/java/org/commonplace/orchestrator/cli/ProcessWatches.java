package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    private final Set<String> watched = new HashSet<>();

    ProcessWatches(FileWatcher watcher, Supervisor supervisor) {
        this.watcher = watcher;
        this.supervisor = supervisor;
    }

    /** Watches what the planned processes of {@code config} name, and no longer what the others did. */
    synchronized void follow(OrchestratorConfig config, List<ManagedProcess> planned) {
        Path folder = config.source().toAbsolutePath().normalize().getParent();
        var now = new HashSet<String>();
        for (ManagedProcess process : planned) {
            FileWatch watch = config.process(process.name()).map(p -> p.watch()).orElse(FileWatch.none());
            if (!watch.any()) {
                continue;
            }
            String name = process.name();
            now.add(name);
            watcher.watch(name, new Interest(folder, watch.paths(), watch.ignoreInEffect(), watch.debounceMs()),
                    change -> supervisor.post(new Event.Control(new Command.RestartForChange(name, change.describe()),
                            new CompletableFuture<>())));
        }
        watched.stream().filter(n -> !now.contains(n)).forEach(watcher::unwatch);
        watched.clear();
        watched.addAll(now);
    }
}
