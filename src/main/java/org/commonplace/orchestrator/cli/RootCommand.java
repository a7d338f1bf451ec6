package org.commonplace.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The top-level command: {@code run} is its default, so its options are accepted here too. Its
 * subcommands are added by {@link Subcommands}, only those a command line names.
 */
@Command(name = "commonplace-orchestrator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"A process supervisor: starts the processes of a JSON config in dependency order, prefixes "
                + "their output with [name], restarts those that exit (exponential backoff), and on SIGINT, "
                + "SIGTERM or SIGHUP stops them all, dependents first.",
                "",
                "Without a command it runs (same as 'run'). Exit codes: 0 every process stopped cleanly or the "
                + "config is valid; 1 a process had to be killed, the MQTT broker did not answer, or a fatal "
                + "error; 2 a usage or config error (nothing started)."},
        footer = {"", "Config format: docs/config.md. Example: commonplace-orchestrator --config examples/demo.json"})
final class RootCommand implements Callable<Integer> {
    @Mixin
    RunOptions options = new RunOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!options.detach && options.waitTimeoutSeconds != null) {
            throw new UsageException("--wait-timeout is for --detach (for a running orchestrator, use 'wait --timeout')");
        }
        if (options.detach) {
            return Detach.run(options, spec.root().commandLine().getParseResult().originalArgs(), System.out, System.err);
        }
        return Runner.run(options);
    }

    /**
     * The root when the command line starts with a subcommand's name: nothing comes before it for the
     * root to parse, so run's dozen options need no model. Built in code, as the client commands are
     * ({@link ControlCommand} says why).
     */
    static final class Bare implements Callable<Integer> {
        /** {@return the bare root's model: its name, {@code -h} and {@code -V}} */
        static CommandSpec spec() {
            CommandSpec spec = CommandSpec.wrapWithoutInspection(new Bare()).name("commonplace-orchestrator");
            ControlCommand.addStandardHelp(spec);
            return spec;
        }

        @Override
        public Integer call() {
            throw new UsageException("a command is needed");   // unreachable: a subcommand is named first
        }
    }
}
