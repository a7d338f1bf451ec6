package org.commonplace.orchestrator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.export.KubernetesObjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.commonplace.orchestrator.model.ExitCodes;

/** {@code export kubernetes}: Deployments, Services and init containers, as YAML. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write a Deployment per process (a Job for a one-shot job), a Service for each whose ready "
                + "check names a port, and an init container per dependency that waits for its Service; as YAML "
                + "on stdout, or one NAME.yaml per process in DIR. Apply: kubectl apply -f DIR (or -f -).",
                "Every process needs an image: --image NAME=IMAGE."})
final class ExportKubernetesCommand implements Callable<Integer> {
    @Mixin
    ExportCommand.Source source = new ExportCommand.Source();

    @Option(names = "--image", paramLabel = "NAME=IMAGE", description = "The container image of that process (repeatable; one for each).")
    List<String> images = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Write NAME.yaml per process here (created when missing) instead of stdout.")
    Path output;

    @Option(names = "--part-of", paramLabel = "NAME",
            description = "The app.kubernetes.io/part-of label (default: the config file's name without its extension).")
    String partOf;

    @Option(names = "--wait-image", paramLabel = "IMAGE", defaultValue = KubernetesObjects.DEFAULT_WAIT_IMAGE,
            description = "The init containers' image; it needs sh and nc (default: ${DEFAULT-VALUE}).")
    String waitImage;

    @Override
    public Integer call() {
        Map<String, String> byProcess = new LinkedHashMap<>();
        for (String image : images) {
            int eq = image.indexOf('=');
            if (eq <= 0 || eq == image.length() - 1) {
                throw new UsageException("--image '" + image + "': expected NAME=IMAGE, e.g. --image http=ghcr.io/me/http:1.2");
            }
            byProcess.put(image.substring(0, eq), image.substring(eq + 1));
        }
        Optional<OrchestratorConfig> config = source.load();
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        RunPlan plan = source.plan(config.get());
        plan.warnings().forEach(w -> System.err.println("warning: " + w));
        String label = (partOf != null ? partOf : ExportSystemdCommand.defaultPrefix(source.config))
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        SequencedMap<String, String> files;
        try {
            files = KubernetesObjects.render(plan.processes(), new KubernetesObjects.Options(label, byProcess, waitImage,
                    source.config.toAbsolutePath().normalize()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("export kubernetes: " + e.getMessage());
        }
        if (output == null) {
            System.out.print(String.join("---\n", files.values()));
            System.out.flush();
            return ExitCodes.OK;
        }
        try {
            ExportFolder.prepare(output);
            var named = new LinkedHashMap<String, String>();
            files.forEach((name, yaml) -> named.put(name + ".yaml", yaml));
            ExportFolder.write(output, named);
        } catch (ExportFolder.Refused e) {
            System.err.println("commonplace-orchestrator: export kubernetes: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            System.err.println("commonplace-orchestrator: export kubernetes: cannot write " + output + ": " + e);
            return ExitCodes.FAILURE;
        }
        System.out.println("wrote " + String.join(", ", files.keySet().stream().map(n -> n + ".yaml").toList()) + " to " + output);
        return ExitCodes.OK;
    }
}
