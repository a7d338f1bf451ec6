package org.commonplace.orchestrator.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of the first connection's claim check, handed from the fabric's thread to the start:
 * the line that refuses the start (another orchestrator holds the name), or empty (free, no broker
 * yet, or no answer in time). Decided once: whichever comes first of the fabric's verdict and the
 * start giving up on waiting.
 */
final class FirstVerdict {
    private final CompletableFuture<Optional<String>> outcome = new CompletableFuture<>();

    /** Nothing refuses the start. */
    void free() {
        outcome.complete(Optional.empty());
    }

    /** {@return whether {@code line} refuses the start; false when the start stopped waiting before} */
    boolean refuse(String line) {
        return outcome.complete(Optional.of(line));
    }

    /** Waits at most {@code timeoutMs}; after that the start goes on, and a refusal found later is said as a line. */
    Optional<String> await(long timeoutMs) {
        try {
            return outcome.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            free();
            return outcome.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the start is being cut short: whoever interrupted sees the flag
            free();
            return Optional.empty();
        }
    }
}
