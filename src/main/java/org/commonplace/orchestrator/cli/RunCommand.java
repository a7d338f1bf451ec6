package org.commonplace.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: supervise the config's processes until SIGINT, SIGTERM or SIGHUP. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Start the processes in dependency order and supervise them until SIGINT, SIGTERM or SIGHUP "
                + "(a second SIGINT, a second or more later, kills everything at once). The default command."})
final class RunCommand implements Callable<Integer> {
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
}
