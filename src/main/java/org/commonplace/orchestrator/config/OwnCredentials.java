package org.commonplace.orchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.model.Privileges.Limit;

/**
 * Who we are, as far as the privilege keys care: our effective uid (only root may run a process as
 * someone else) and the hard limits we hold (a child cannot be given more than that unless we are
 * root), from /proc/self.
 *
 * @param euid       our effective uid
 * @param hardLimits our hard limits by the config's short names; {@link Limit#UNLIMITED} for none
 */
record OwnCredentials(int euid, Map<String, Long> hardLimits) {
    /** The names /proc/self/limits gives the config's limits. */
    private static final Map<String, String> PROC_NAMES = Map.of("Max open files", "nofile",
            "Max processes", "nproc", "Max core file size", "core", "Max locked memory", "memlock",
            "Max stack size", "stack", "Max file size", "fsize", "Max address space", "as", "Max cpu time", "cpu");

    OwnCredentials {
        hardLimits = Map.copyOf(hardLimits);
    }

    boolean root() {
        return euid == 0;
    }

    static OwnCredentials current() {
        int euid = -1;
        var hard = new HashMap<String, Long>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    euid = Integer.parseInt(line.split("\\s+")[2]);
                }
            }
            List<String> limits = Files.readAllLines(Path.of("/proc/self/limits"));
            for (String line : limits.subList(Math.min(1, limits.size()), limits.size())) {
                PROC_NAMES.forEach((proc, name) -> {
                    if (line.startsWith(proc + " ")) {
                        String[] words = line.substring(proc.length()).trim().split("\\s+");
                        hard.put(name, words[1].equals("unlimited") ? Limit.UNLIMITED : Long.parseLong(words[1]));
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: nothing known, so nothing refused here; the start says what fails.
        }
        return new OwnCredentials(euid, hard);
    }
}
