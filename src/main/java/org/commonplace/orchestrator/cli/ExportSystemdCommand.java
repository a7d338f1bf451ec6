package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.ProcessSpec;
import org.commonplace.orchestrator.export.SystemdUnits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code export systemd}: a unit per process and a target, written to a folder. */
@Command(name = "systemd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write one systemd service per process (PREFIX-NAME.service) and PREFIX.target, which wants "
                + "them all, to DIR (created when missing). Programs are resolved to absolute paths with this "
                + "shell's PATH. Install: copy to /etc/systemd/system, then systemctl daemon-reload and "
                + "systemctl start PREFIX.target."})
final class ExportSystemdCommand implements Callable<Integer> {
    @Mixin
    ExportCommand.Source source = new ExportCommand.Source();

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "Where to write the units.")
    Path output;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "The units' name prefix (default: the config file's name without its extension).")
    String prefix;

    @Option(names = "--systemd-version", paramLabel = "N", defaultValue = "" + SystemdUnits.DEFAULT_VERSION,
            description = "The oldest systemd that will load the units (default: ${DEFAULT-VALUE}, Debian 12's); "
                    + "254 or more adds RestartSteps= and RestartMaxDelaySec= for the doubling backoff.")
    int systemdVersion;

    @Override
    public Integer call() {
        Optional<OrchestratorConfig> config = source.load();
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        String unitPrefix = prefix != null ? prefix : defaultPrefix(source.config);
        if (!unitPrefix.matches("[A-Za-z0-9:_.-]+")) {
            throw new UsageException("--prefix '" + unitPrefix + "': a unit name may hold only letters, digits and :_.-");
        }
        RunPlan plan = source.plan(config.get());
        plan.warnings().forEach(w -> System.err.println("warning: " + w));
        SequencedMap<String, String> files;
        try {
            var hooks = config.get().processes().values().stream().filter(p -> p.onFailure().isSet())
                    .collect(java.util.stream.Collectors.toUnmodifiableMap(ProcessSpec::name, ProcessSpec::onFailure));
            files = SystemdUnits.render(plan.processes(), new SystemdUnits.Options(unitPrefix, systemdVersion,
                    source.config.toAbsolutePath().normalize(), System.getenv(), hooks));
        } catch (IllegalArgumentException e) {
            System.err.println("commonplace-orchestrator: export systemd: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try {
            ExportFolder.prepare(output);
            ExportFolder.write(output, files);
        } catch (ExportFolder.Refused e) {
            System.err.println("commonplace-orchestrator: export systemd: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            System.err.println("commonplace-orchestrator: export systemd: cannot write " + output + ": " + e);
            return ExitCodes.FAILURE;
        }
        System.out.println("wrote " + String.join(", ", files.keySet()) + " to " + output);
        return ExitCodes.OK;
    }

    /** "commonplace.json" → "commonplace"; characters a unit name cannot hold become '-'. */
    static String defaultPrefix(Path config) {
        String name = config.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9:_.-]", "-");
        return base.isEmpty() ? "commonplace" : base;
    }
}
