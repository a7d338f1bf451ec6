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
 * goes through {@link org.commonplace.orchestrator.output.ControlChars}. Imports config (the broker
 * address), model, output, policy and control's cell formats; never supervise: a watch runs in a
 * process of its own, usually on another machine than the orchestrators it shows.
 */
package org.commonplace.orchestrator.fleet;
