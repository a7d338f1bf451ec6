package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.runtime.RunFiles;

/**
 * A test that SIGKILLs an orchestrator leaves its lock, run record and socket behind, as a crash
 * would (the next run of the same config takes them over). The test's config is gone with its
 * temp folder, so nothing would: remove them, and keep the runtime directory clean.
 */
public final class RuntimeLeftovers {
    private RuntimeLeftovers() {
    }

    /** Removes the runtime files of {@code config}, if it still exists. */
    public static void remove(Path config) {
        if (!Files.exists(config)) {
            return;
        }
        try {
            RunFiles files = RunFiles.of(config);
            for (Path p : new Path[] {files.lock(), files.inodeLock(), files.record(), files.socket()}) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | org.commonplace.orchestrator.runtime.RuntimeDir.Unsafe e) {
            // nothing to clean
        }
    }
}
