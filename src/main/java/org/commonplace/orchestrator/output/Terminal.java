package org.commonplace.orchestrator.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether our stdout or stderr is a terminal (where the cursor can be moved by what we print). */
public final class Terminal {
    private Terminal() {
    }

    /** {@return whether file descriptor {@code fd} of this process is a terminal device} */
    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
