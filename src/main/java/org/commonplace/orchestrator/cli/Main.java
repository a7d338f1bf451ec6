package org.commonplace.orchestrator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: parses the command line, runs the command, exits with its code. No logic here. */
public final class Main {
    private static final String NAME = "commonplace-orchestrator";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** {@return the exit code of running the command line}; never throws. */
    static int execute(String... args) {
        var cli = new CommandLine(new RootCommand())
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof UsageException) {
                        return printUsageError(cmd.getErr(), e.getMessage());
                    }
                    cmd.getErr().println(NAME + ": internal error: " + e);
                    return ExitCodes.FAILURE;
                });
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(System.err, true));
        return cli.execute(args);
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
