package org.commonplace.orchestrator.paho;

import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Ends a Paho client, v3 or v5, the one way that leaks nothing: wait for its connect thread (see
 * {@link PahoThreads}), DISCONNECT cleanly when connected and the broker acknowledges in time, else
 * drop the connection, close the client, end its threads. Every step may fail on a client in an
 * odd state; the next one runs regardless.
 */
public final class PahoRelease {
    private PahoRelease() {
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Releases a v3 client; {@code disconnectMs} 0 drops the connection without a DISCONNECT. */
    public static void release(org.eclipse.paho.client.mqttv3.MqttAsyncClient client, ExecutorService threads, long disconnectMs) {
        release(threads, client::isConnected, disconnectMs,
                () -> client.disconnect(0).waitForCompletion(disconnectMs),
                () -> client.disconnectForcibly(0, 0, false),
                () -> client.close(true));
    }

    /** Releases a v5 client; {@code disconnectMs} 0 drops the connection without a DISCONNECT. */
    public static void release(org.eclipse.paho.mqttv5.client.MqttAsyncClient client, ExecutorService threads, long disconnectMs) {
        release(threads, client::isConnected, disconnectMs,
                () -> client.disconnect(disconnectMs).waitForCompletion(disconnectMs),
                () -> client.disconnectForcibly(0, 0, false),
                () -> client.close(true));
    }

    private static void release(ExecutorService threads, BooleanSupplier connected, long disconnectMs,
                                Step disconnect, Step drop, Step close) {
        if (threads instanceof PahoThreads paho) {
            paho.awaitConnectThread();
        }
        boolean clean = false;
        try {
            if (disconnectMs > 0 && connected.getAsBoolean()) {
                disconnect.run();
                clean = true;
            }
        } catch (Exception e) {
            // no DISCONNECT acknowledged in time: dropped below
        }
        if (!clean) {
            attempt(drop); // never connected, or already gone: nothing to drop
        }
        attempt(close); // a client in an odd state complains; its threads end below regardless
        threads.shutdownNow();
    }

    private static void attempt(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            // see the callers' notes: the next step runs regardless
        }
    }
}
