package org.commonplace.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code export kubernetes}: placeholder until written. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Write a Deployment per process, and a Service for each whose ready check names a port.")
final class ExportKubernetesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("export kubernetes is not written yet");
    }
}
