/**
 * The MQTT broker as the orchestrator sees it at start-up: the check that it answers before anything
 * that needs it is started ({@link org.commonplace.orchestrator.broker.BrokerCheck}), and the broker
 * the orchestrator runs inside itself when asked and none answers
 * ({@link org.commonplace.orchestrator.broker.EmbeddedBroker}, which runs Moquette in a JVM of its own:
 * {@link org.commonplace.orchestrator.broker.BrokerProcess}, the only code that uses Moquette). Which
 * processes need the broker is decided by the caller.
 *
 * <p>Imports config, policy (its clock and backoff), probe (the CONNECT probe) and spawn (the broker's
 * JVM is a child like any other); never supervise, control or cli. The only package that imports
 * Moquette and Netty (ArchitectureTest checks these rules).
 */
package org.commonplace.orchestrator.broker;
