package org.commonplace.orchestrator.paho;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker's acknowledgement of one publish or subscription, for Paho's v3 and v5 clients alike
 * (one listener for both: their action listeners differ only in their package), waited for without
 * {@code Object.wait}.
 *
 * <p>Paho's {@code token.waitForCompletion} waits on a lock object of the token, made anew for
 * each message, and {@code Object.wait} always inflates that object's monitor: one native
 * ObjectMonitor per message, freed only when the JVM deflates monitors. The launcher deflates them
 * at most once an hour (so that the JVM does not wake four times a second at rest), and with ten
 * crash loopers publishing ~145 restarts a second the orchestrator's anonymous memory grew by
 * ~550 bytes a restart, 4.8 MB a minute, with the Java heap flat. The listener completes a
 * {@link CompletableFuture} instead, whose timed {@code get} parks the thread: no monitor.
 */
public final class Ack implements org.eclipse.paho.client.mqttv3.IMqttActionListener,
        org.eclipse.paho.mqttv5.client.MqttActionListener {
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** What hands this listener to Paho (a publish, a subscribe): may throw Paho's exception of either version. */
    public interface Request {
        void send(Ack ack) throws Exception;
    }

    /**
     * Sends one request and waits at most {@code timeoutMs} for its acknowledgement.
     *
     * @param what what is sent, for the message ("publishing on TOPIC")
     * @throws IOException when Paho or the broker refused it, the connection failed or nothing came in time
     */
    public static void send(String what, long timeoutMs, Request request) throws IOException {
        var ack = new Ack();
        try {
            request.send(ack);
        } catch (Exception e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        ack.await(timeoutMs, what);
    }

    private void await(long timeoutMs, String what) throws IOException {
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

    @Override
    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
        done.complete(null);
    }

    @Override
    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable failure) {
        done.completeExceptionally(failure);
    }

    @Override
    public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        done.complete(null);
    }

    @Override
    public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable failure) {
        done.completeExceptionally(failure);
    }
}
