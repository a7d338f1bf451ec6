package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.control.ControlServer;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.output.ControlChars;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.Supervisor;
import org.commonplace.orchestrator.watch.Change;
import org.commonplace.orchestrator.watch.FileWatcher;
import org.commonplace.orchestrator.watch.Interest;

/**
 * {@code watch_config} ({@code --watch-config}): an edit of the config, or of a file it reads, is
 * reloaded as {@code reload} does (the same {@link ControlServer.Reloader}, then the same {@link
 * Command.Reload} to the loop), 500 ms after the files went quiet. A config with errors changes
 * nothing and is said once with its errors (the same errors again, after another save, are not said
 * again); the next valid edit applies. Runs on the watcher's thread.
 */
final class ConfigWatch {
    /** As the real commonplace orchestrator's: an editor's save is a burst of writes and renames. */
    static final long DEBOUNCE_MS = 500;
    /** The watcher's key for the config: never a process name (those have no spaces). */
    static final String KEY = "the config";

    private final FileWatcher watcher;
    private final Supervisor supervisor;
    private final Console console;
    private volatile ControlServer.Reloader reloader;
    /** What is watched now (null: nothing): a reload that reads the same files leaves the watch alone. */
    private Interest watching;
    /** The problems of the last invalid config said, to say them once; null after a valid one. Watcher's thread only. */
    private List<String> lastSaid;

    ConfigWatch(FileWatcher watcher, Supervisor supervisor, Console console) {
        this.watcher = watcher;
        this.supervisor = supervisor;
        this.console = console;
    }

    /** Reloads with {@code reloader} (the control socket's); set before {@link #follow}. */
    void reloadWith(ControlServer.Reloader reloader) {
        this.reloader = reloader;
    }

    /** Watches {@code sources} (instead of what was watched before), or nothing when {@code on} is false. */
    synchronized void follow(Path configFile, WatchedConfigFiles sources, boolean on) {
        if (!on) {
            watcher.unwatch(KEY);
            watching = null;
            return;
        }
        Path folder = configFile.toAbsolutePath().normalize().getParent();
        Interest interest = Interest.files(folder, sources.files(), sources.includeGlobs(), DEBOUNCE_MS);
        if (!interest.equals(watching)) {
            watcher.watch(KEY, interest, this::changed);
            watching = interest;
        }
    }

    private void changed(Change change) {
        ControlServer.Reloaded reloaded = reloader.reload();
        if (!reloaded.valid()) {
            if (!reloaded.problems().equals(lastSaid)) {
                console.error(change.describe() + ": the config has errors; nothing was changed (the next valid edit applies):");
                reloaded.problems().forEach(p -> console.error(ControlChars.escape(p)));
            }
            lastSaid = reloaded.problems();
            return;
        }
        lastSaid = null;
        console.info(change.describe() + ": reloading the config");
        reloaded.problems().forEach(p -> console.error(ControlChars.escape(p))); // its warnings
        // Applied on the loop, which says what it did ("reloaded the config: ..."); nobody waits for the reply.
        supervisor.post(new Event.Control(new Command.Reload(reloaded.processes()), new CompletableFuture<>()));
    }
}
