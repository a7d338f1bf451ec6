package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import org.commonplace.orchestrator.config.ProcessSpec;

/**
 * Whether a process gets {@code --mqtt-broker ADDR} appended: when its executable's file name starts
 * with {@code commonplace}, or it lies in a folder named {@code commonplace} (a build of the real
 * project: {@code ~/commonplace/target/release/store}, which the real orchestrator also recognises by
 * its path), unless its args already carry the
 * flag, as {@code --mqtt-broker X} or {@code --mqtt-broker=X} (commonplace programs reject a duplicate
 * and would crash-loop). {@code mqtt_broker_arg} in the config overrides the name rule.
 */
final class BrokerArgRule {
    private static final String FLAG = "--mqtt-broker";

    private BrokerArgRule() {
    }

    static boolean wantsBroker(ProcessSpec spec) {
        return spec.mqttBrokerArg().orElseGet(() -> {
            Path command = Path.of(spec.command());
            Path file = command.getFileName();
            if (file != null && file.toString().startsWith("commonplace")) {
                return true;
            }
            // A folder component exactly: a clone named commonplace-orchestrator (tests, CI) is not the project.
            for (Path part : command) {
                if (part.toString().equals("commonplace")) {
                    return true;
                }
            }
            return false;
        });
    }

    static boolean alreadyHasFlag(List<String> args) {
        return args.stream().anyMatch(a -> a.equals(FLAG) || a.startsWith(FLAG + "="));
    }

    /** {@return the args with the broker flag appended when the rule asks for it and it is absent} */
    static List<String> apply(ProcessSpec spec, List<String> args, String broker) {
        if (!wantsBroker(spec) || alreadyHasFlag(args)) {
            return args;
        }
        var all = new java.util.ArrayList<>(args);
        all.add(FLAG);
        all.add(broker);
        return List.copyOf(all);
    }
}
