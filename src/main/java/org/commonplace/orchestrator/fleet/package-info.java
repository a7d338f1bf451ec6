/**
 * {@code watch}: the fleet view of every orchestrator that publishes its state on an MQTT broker.
 * {@link org.commonplace.orchestrator.fleet.Fleet} is the picture (instances, their status and their
 * processes' last published state) built from retained messages and tested without a broker; {@link
 * org.commonplace.orchestrator.fleet.FleetTable} prints it; {@link
 * org.commonplace.orchestrator.fleet.FleetClient} is the subscription (Paho, reconnect with backoff);
 * {@link org.commonplace.orchestrator.fleet.Watch} wires them for {@code --once}, a terminal or a pipe.
 *
 * <p>Everything that arrives here was chosen by whoever may publish on the broker: topics and payloads
 * are bounded and parsed strictly, malformed ones are counted and dropped, and every string printed
 * goes through {@link org.commonplace.orchestrator.output.ControlChars}. Imports: config (the broker
 * address, the topic prefix's rule), model, output, policy, control's cell formats and {@code paho}
 * (the MQTT client's threads, packet limit and release); never supervise: a watch runs in a process
 * of its own, usually on another machine than the orchestrators it shows; never probe or mqtt.
 */
package org.commonplace.orchestrator.fleet;
