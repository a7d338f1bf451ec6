package org.commonplace.orchestrator.cli;

import java.util.List;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.control.ControlServer;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.supervise.Supervisor;
import org.commonplace.orchestrator.watch.FileWatcher;

/**
 * The file watches of a run: {@code watch_config} ({@link ConfigWatch}) and the processes' {@code
 * "watch"} ({@link ProcessWatches}), on one {@link FileWatcher} (no thread at all while nothing is
 * watched). Both follow every config that a reload applies, whoever asked for the reload.
 */
final class LiveWatches implements AutoCloseable {
    private final RunOptions options;
    private final FileWatcher watcher;
    private final ProcessWatches processes;
    private final ConfigWatch config;

    LiveWatches(RunOptions options, Supervisor supervisor, Console console) {
        this.options = options;
        this.watcher = new FileWatcher(line -> console.error("warning: file watch of " + line));
        this.processes = new ProcessWatches(watcher, supervisor, line -> console.error("warning: file watch of " + line));
        this.config = new ConfigWatch(watcher, supervisor, console);
    }

    /** Starts watching for the config the run started with; {@code reloader} is the one {@code reload} uses. */
    void start(OrchestratorConfig started, List<ManagedProcess> planned, ControlServer.Reloader reloader) {
        config.reloadWith(reloader);
        loaded(started, planned);
    }

    /** A config was loaded and planned, and is about to be applied: watch what it says. Any thread. */
    void loaded(OrchestratorConfig loaded, List<ManagedProcess> planned) {
        processes.follow(loaded, planned);
        config.follow(options.config, WatchedConfigFiles.of(loaded), options.watchConfig || loaded.watchConfig());
    }

    @Override
    public void close() {
        watcher.close();
    }
}
