package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for the broker's acknowledgement of one publish without {@code Object.wait}.
 *
 * <p>Paho's {@code token.waitForCompletion} waits on a lock object of the token, made anew for
 * each message, and {@code Object.wait} always inflates that object's monitor: one native
 * ObjectMonitor per message, freed only when the JVM deflates monitors. The launcher deflates them
 * at most once an hour (so that the JVM does not wake four times a second at rest), and with ten
 * crash loopers publishing ~145 restarts a second the orchestrator's anonymous memory grew by
 * ~550 bytes a restart, 4.8 MB a minute, with the Java heap flat. Paho's action listener completes
 * a {@link CompletableFuture} instead, whose timed {@code get} parks the thread: no monitor.
 */
final class Acks {
    private Acks() {
    }

    /**
     * Waits for {@code done} at most {@code timeoutMs}.
     *
     * @param what what was sent, for the message ("publishing on TOPIC")
     * @throws IOException when the broker refused it, the connection failed or nothing came in time
     */
    static void await(CompletableFuture<?> done, long timeoutMs, String what) throws IOException {
        try {
            done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(what + ": no acknowledgement within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(what + ": " + (cause == null || cause.getMessage() == null ? "failed" : cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted");
        }
    }
}
