package org.commonplace.orchestrator.supervise;

import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.spawn.Child;

/**
 * Connects a started child's output to where it is shown. Returns a future completed when both of
 * its streams have ended, so the exit message can follow the child's last line.
 */
@FunctionalInterface
public interface OutputAttacher {
    CompletableFuture<Void> attach(String name, Child child);
}
