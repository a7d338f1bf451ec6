package org.commonplace.orchestrator.supervise;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.spawn.Child;

/**
 * Connects a started child's output to where it is shown. Returns a future completed when both of
 * its streams have ended (which a grandchild holding them may put off for ever: nothing waits on it
 * to report the exit; {@link Child#onExit} says how the last lines keep their place).
 */
@FunctionalInterface
public interface OutputAttacher {
    /**
     * @param readyLine when present, {@code onReadyLine} runs (on a pump thread, once) when a line of
     *                  the child's output first matches it
     */
    CompletableFuture<Void> attach(String name, Child child, Optional<Pattern> readyLine, Runnable onReadyLine);

    /** What {@link #attach(String, Child, Optional, Runnable, Runnable)} is given for a process nobody listens to. */
    Runnable NO_OUTPUT_HOOK = () -> { };

    /**
     * As {@link #attach(String, Child, Optional, Runnable)}, and tells {@code onOutput} of each batch of
     * bytes read from either stream (on the thread that reads them: it must only note the time, as
     * {@link SilenceWatch}'s does). {@link #NO_OUTPUT_HOOK} asks for nothing, at no cost per batch. By
     * default the hook is not called (a fake world without output).
     */
    default CompletableFuture<Void> attach(String name, Child child, Optional<Pattern> readyLine, Runnable onReadyLine,
                                           Runnable onOutput) {
        return attach(name, child, readyLine, onReadyLine);
    }
}
