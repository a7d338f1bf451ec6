package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.RuntimeDir;

/**
 * A test that SIGKILLs an orchestrator leaves its lock, run record and socket behind, as a crash
 * would (the next run of the same config takes them over). A test's config goes with its temp
 * folder, so nothing would: every config an {@link OrchestratorRun} ran is remembered, and when the
 * test JVM exits, the runtime files of those whose orchestrator is dead (the pid in the lock no
 * longer runs) are removed, keeping the shared runtime directory clean.
 */
public final class RuntimeLeftovers {
    private static final Set<RunFiles> RAN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RAN.forEach(RuntimeLeftovers::removeIfDead), "runtime-leftovers"));
    }

    private RuntimeLeftovers() {
    }

    /** Remembers the runtime files of the config in {@code args} ({@code --config FILE}), if any. */
    static void remember(List<String> args) {
        int at = args.indexOf("--config");
        if (at >= 0 && at + 1 < args.size() && Files.exists(Path.of(args.get(at + 1)))) {
            try {
                RAN.add(RunFiles.of(Path.of(args.get(at + 1))));
            } catch (IOException | RuntimeDir.Unsafe e) {
                // nothing to remember
            }
        }
    }

    /** Removes the runtime files of {@code config} now, if it still exists. */
    public static void remove(Path config) {
        if (!Files.exists(config)) {
            return;
        }
        try {
            delete(RunFiles.of(config));
        } catch (IOException | RuntimeDir.Unsafe e) {
            // nothing to clean
        }
    }

    private static void removeIfDead(RunFiles files) {
        try {
            String holder = Files.exists(files.lock()) ? Files.readString(files.lock()).trim() : "";
            if (holder.isEmpty() || !Files.exists(Path.of("/proc", holder))) {
                delete(files);
            }
        } catch (IOException e) {
            // leave it
        }
    }

    private static void delete(RunFiles files) throws IOException {
        for (Path p : new Path[] {files.lock(), files.inodeLock(), files.record(), files.socket()}) {
            Files.deleteIfExists(p);
        }
    }
}
