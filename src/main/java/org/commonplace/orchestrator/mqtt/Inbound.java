package org.commonplace.orchestrator.mqtt;

import java.util.Optional;

/**
 * A message the broker delivered to us. Everything in it was chosen by whoever could publish on the
 * topic: bounded and checked by whoever reads it.
 *
 * @param responseTopic where the sender wants a reply (MQTT 5 only)
 * @param correlation   what the sender wants back with the reply (MQTT 5 only; may be empty)
 */
public record Inbound(String topic, byte[] payload, boolean retained, Optional<String> responseTopic, byte[] correlation) {
}
