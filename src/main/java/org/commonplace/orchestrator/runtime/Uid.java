package org.commonplace.orchestrator.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's effective uid and gid, the owner and group of every file it creates (read from
 * /proc/self/status).
 */
public final class Uid {
    private static volatile long effective = -1;
    private static volatile long group = -1;

    private Uid() {
    }

    /** {@return the effective uid of this process} */
    public static long effective() {
        if (effective < 0) {
            effective = read();
        }
        return effective;
    }

    /** {@return the effective gid of this process} */
    public static long effectiveGroup() {
        if (group < 0) {
            group = read("Gid:");
        }
        return group;
    }

    private static long read() {
        return read("Uid:");
    }

    private static long read(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    // Uid: (or Gid:) real effective saved filesystem
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        throw new IllegalStateException("cannot read this process's " + key + " from /proc/self/status");
    }
}
