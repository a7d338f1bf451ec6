package org.commonplace.orchestrator.cli;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.output.OutputPump;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.supervise.OutputAttacher;

/**
 * The supervisor's {@link OutputAttacher}, made of the {@link OutputPump}: its output hook (the
 * silence watchdog's) reaches the pump only for a process that has one, so no other process's
 * chunks pay for it.
 */
record PumpAttacher(OutputPump pump) implements OutputAttacher {
    @Override
    public CompletableFuture<Void> attach(String name, Child child, Optional<Pattern> readyLine, Runnable onReadyLine) {
        return pump.start(name, child, readyLine, onReadyLine);
    }

    @Override
    public CompletableFuture<Void> attach(String name, Child child, Optional<Pattern> readyLine, Runnable onReadyLine,
                                          Runnable onOutput) {
        return pump.start(name, child, readyLine, onReadyLine, onOutput == NO_OUTPUT_HOOK ? null : onOutput);
    }
}
