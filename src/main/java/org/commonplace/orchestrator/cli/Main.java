package org.commonplace.orchestrator.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.spawn.custody.Custody;
import org.commonplace.orchestrator.spawn.NativeLauncher;
import picocli.CommandLine;

/** Entry point: parses the command line, runs the command, exits with its code. No logic here. */
public final class Main {
    private static final String NAME = "commonplace-orchestrator";
    private static final Set<List<String>> VERSION_ONLY = Set.of(List.of("--version"), List.of("-V"));

    private Main() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("main");
        if (!Subcommands.clientCall(args)) {
            // Not for a client call, which never runs a library that logs: System.exit logs the exit
            // through a System.Logger (the JDK's Runtime.exit logging), and with our configuration
            // named the JDK starts java.util.logging in full for it (LogManager, our Config: ~75
            // classes, not in the AOT cache since they load after the training has been recorded).
            // Without it the JDK answers with a small logger of its own.
            LibraryLogging.install();
        }
        if (Subcommands.likelyRun(args)) {
            // Linking the native calls (a tenth of a second) and starting the guard process run beside
            // picocli and the config, each on a thread of its own.
            NativeLauncher.prepareInBackground();
            Custody.startGuardAhead();
        }
        System.exit(execute(args));
    }

    /** {@return the exit code of running the command line}; never throws. */
    static int execute(String... args) {
        if (VERSION_ONLY.contains(List.of(args))) {
            // What picocli would print, without building the model of every option first.
            var out = new PrintWriter(System.out, true);
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            return ExitCodes.OK;
        }
        // Only the subcommand named is built. A command line picocli rejects is parsed again with all
        // of them, before anything has run, so its message is the one every subcommand would give.
        boolean[] rejected = {false};
        int code = configure(Subcommands.namedIn(args), (e, a) -> {
            rejected[0] = true;
            return ExitCodes.USAGE;
        }).execute(args);
        return rejected[0] ? configure(Subcommands.every(), Main::usageError).execute(args) : code;
    }

    /**
     * {@return the whole command line, every subcommand built} — what the package build
     * ({@code bin/package}) gives picocli's man page and completion generators.
     */
    public static CommandLine everyCommand() {
        return Subcommands.every();
    }

    private static CommandLine configure(CommandLine cli, CommandLine.IParameterExceptionHandler onBadArgs) {
        cli.setParameterExceptionHandler(onBadArgs)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof UsageException) {
                        return printUsageError(cmd.getErr(), e.getMessage());
                    }
                    cmd.getErr().println(NAME + ": internal error: " + e);
                    return ExitCodes.FAILURE;
                });
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(System.err, true));
        StartupTrace.mark("picocli: the command model");
        return cli;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        String message = e.getMessage();
        if (message != null && !message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return printUsageError(e.getCommandLine().getErr(), message);
    }

    private static int printUsageError(PrintWriter err, String message) {
        err.println(NAME + ": " + message + " (see '" + NAME + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }
}
