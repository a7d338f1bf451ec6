package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.config.LogSettings;
import org.commonplace.orchestrator.output.Colors;
import org.commonplace.orchestrator.output.LogStyle;
import org.commonplace.orchestrator.output.Terminal;
import org.commonplace.orchestrator.runtime.TrustedPath;

/** The output's style from the options and the config, and the log folders made before anything runs. */
final class OutputStep {
    private OutputStep() {
    }

    /** {@return the style, or empty when an option is not one of its words (said on {@code err})} */
    static Optional<LogStyle> style(RunOptions options, LogSettings logs, List<String> names, PrintStream err) {
        if (Colors.badMode(options.color).isPresent()) {
            err.println("error: --color: unknown value '" + options.color + "'; use auto, always or never");
            return Optional.empty();
        }
        LogStyle.Format format;
        switch (options.logFormat) {
            case "text" -> format = LogStyle.Format.TEXT;
            case "json" -> format = LogStyle.Format.JSON;
            default -> {
                err.println("error: --log-format: unknown value '" + options.logFormat + "'; use text or json");
                return Optional.empty();
            }
        }
        boolean color = Colors.wanted(options.color, Terminal.isTerminal(1), System.getenv());
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        return Optional.of(new LogStyle(color, options.timestamps || logs.timestamps(), options.utc, format, width));
    }

    /**
     * Makes the folders of every log file now: one that cannot be made is an error before anything
     * starts, not a surprise later. Each folder on the way must be one no other user can change
     * ({@link TrustedPath}): as root, a link planted on the way would put our files in a folder of its
     * choosing. {@return whether all exist and can be trusted (the problems said on {@code err}, one
     * line each, naming the field)}
     */
    static boolean makeFolders(Path config, LogSettings logs, List<String> names, PrintStream err) {
        return folders(config, logs, names, err, true);
    }

    /** For {@code check}: as {@link #makeFolders}, but makes nothing (what is missing would be made by run). */
    static boolean checkFolders(Path config, LogSettings logs, List<String> names, PrintStream err) {
        return folders(config, logs, names, err, false);
    }

    private static boolean folders(Path config, LogSettings logs, List<String> names, PrintStream err, boolean create) {
        var folders = new LinkedHashMap<Path, String>();
        logs.dir().ifPresent(d -> folders.put(d, "log_dir"));
        names.forEach(n -> logs.fileOf(n).map(f -> f.path().getParent()).ifPresent(f -> folders.putIfAbsent(f, logs.fieldOf(n))));
        boolean ok = true;
        for (var folder : folders.entrySet()) {
            try {
                if (create) {
                    TrustedPath.createFolders(folder.getKey());
                } else {
                    TrustedPath.check(folder.getKey());
                }
            } catch (TrustedPath.Untrusted e) {
                err.println(config + ": error: " + folder.getValue() + ": refusing the folder " + folder.getKey() + ": "
                        + e.getMessage());
                ok = false;
            } catch (IOException | SecurityException e) {
                err.println(config + ": error: " + folder.getValue() + ": cannot create the folder " + folder.getKey() + ": "
                        + reason(e));
                ok = false;
            }
        }
        return ok;
    }

    private static String reason(Exception e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.FileAlreadyExistsException a -> "a file of that name is in the way";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
            default -> String.valueOf(e.getMessage());
        };
    }
}
