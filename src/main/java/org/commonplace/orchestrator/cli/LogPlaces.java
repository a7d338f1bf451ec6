package org.commonplace.orchestrator.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.LogSettings;
import org.commonplace.orchestrator.output.LogFiles;

/**
 * Where each process's output is written on disk, as the config last loaded says (at start, or by
 * {@code reload}): a child looks its file up each time it is started, so a process a reload adds or
 * restarts writes where the reloaded config places it. The one writer of the files is made the first
 * time a file is needed, so a reload may bring log files to a run that started without any.
 *
 * <p>Read from the supervisor thread (at each start) and written from a client's thread (a reload):
 * the settings are swapped whole, and the writer is made under this object's lock.
 */
final class LogPlaces {
    private final AtomicReference<LogSettings> settings;
    private final Consumer<String> trouble;
    private final Consumer<LogFiles> made;
    /** The processes of the config last loaded (only they can have a file that moves). */
    private volatile Set<String> names;
    private LogFiles files;

    /**
     * @param settings where the files are at start
     * @param names    the processes run at start
     * @param files    the writer, when the run starts with files; else null (made when first needed)
     * @param trouble  says a writer's trouble on the console
     * @param made     told of a writer made later (so the run flushes it at its end)
     */
    LogPlaces(LogSettings settings, List<String> names, LogFiles files, Consumer<String> trouble, Consumer<LogFiles> made) {
        this.settings = new AtomicReference<>(settings);
        this.names = Set.copyOf(names);
        this.files = files;
        this.trouble = trouble;
        this.made = made;
    }

    /** {@return the file of the process {@code name} as the config now places it, if it has one} */
    Optional<LogFiles.LogFile> fileOf(String name) {
        return settings.get().fileOf(name).map(f -> writer().file(new LogFiles.Spec(f.path(), f.maxBytes(), f.maxFiles(), f.maxAgeDays(), f.compress())));
    }

    /** Closes every file, to be opened anew at its next write (SIGUSR1, after a rotation by logrotate). */
    synchronized void reopen() {
        if (files != null) {
            files.reopen();
        }
    }

    /** {@return whether there is a file to reopen} */
    synchronized boolean any() {
        return files != null;
    }

    /**
     * A reload loaded {@code next}: makes the folders its processes {@code names} write to, and from
     * now on places files by it. {@return the errors (then nothing changed, and the reload must be
     * refused) or warnings, one line each}
     */
    List<String> adopt(Path config, LogSettings next, List<String> names, List<String> warnings) {
        var said = new ByteArrayOutputStream();
        var err = new PrintStream(said, true, StandardCharsets.UTF_8);
        if (!OutputStep.makeFolders(config, next, names, err)) {
            return said.toString(StandardCharsets.UTF_8).lines().toList();
        }
        LogSettings was = settings.getAndSet(next);
        Set<String> before = this.names;
        this.names = Set.copyOf(names);
        var moved = new ArrayList<String>();
        for (String name : names) {
            if (!before.contains(name)) {
                continue; // added by this reload: it starts where it is placed now
            }
            Optional<Path> from = was.fileOf(name).map(LogSettings.FileSpec::path);
            Optional<Path> to = next.fileOf(name).map(LogSettings.FileSpec::path);
            if (!from.equals(to)) {
                moved.add(name + " (to " + to.map(Path::toString).orElse("no file") + ")");
            }
        }
        if (!moved.isEmpty()) {
            warnings.add("log files move when each process next starts (now for those this reload starts or restarts;"
                    + " restart the others to move theirs now): " + String.join(", ", moved));
        }
        if (!was.dir().equals(next.dir())) {
            warnings.add("the orchestrator's own orchestrator.log stays where it was (log_dir) until the next start");
        }
        return List.of();
    }

    private synchronized LogFiles writer() {
        if (files == null) {
            files = new LogFiles(trouble);
            made.accept(files);
        }
        return files;
    }
}
