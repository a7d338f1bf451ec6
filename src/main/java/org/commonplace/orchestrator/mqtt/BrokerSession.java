package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import java.util.List;

/**
 * One connection to the broker, MQTT 5 or 3.1.1: what the fabric needs of a client, nothing more.
 * Publish and subscribe wait for the broker's acknowledgement (QoS 1) at most {@code timeoutMs};
 * they are called from the fabric's own thread only.
 */
interface BrokerSession {
    /** {@return "MQTT 5" or "MQTT 3.1.1"} */
    String protocol();

    void publish(String topic, byte[] payload, boolean retained, long timeoutMs) throws IOException;

    /** Publishes a reply: with the correlation data where the protocol carries it. */
    void reply(String topic, byte[] payload, byte[] correlation, long timeoutMs) throws IOException;

    void subscribe(List<String> filters, long timeoutMs) throws IOException;

    boolean connected();

    /** Disconnects cleanly (the last will is not sent) within {@code timeoutMs}, or drops the connection; ends its threads. */
    void close(long timeoutMs);
}
