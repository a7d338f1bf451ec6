/**
 * The MQTT broker as the orchestrator sees it at start-up: the check that it answers before anything
 * that needs it is started ({@link org.commonplace.orchestrator.broker.BrokerCheck}), and the broker
 * the orchestrator runs when asked and none answers: {@link org.commonplace.orchestrator.broker.SupervisedBroker}
 * decides and gives the command line of {@link org.commonplace.orchestrator.broker.BrokerProcess}, Moquette in
 * a JVM of its own, which the supervisor then runs as a process like any other
 * ({@link org.commonplace.orchestrator.broker.EmbeddedBroker} runs it unsupervised, for tests and tools).
 * Only the classes behind BrokerProcess use Moquette: {@code Conformance}, {@code DollarTopics},
 * {@code MoquetteInternals} and {@code RetainedBudget} make it keep MQTT 3.1.1's promises
 * (docs/broker-conformance.md); {@code MosquittoPasswords}, {@code MosquittoAcl}, {@code WriteGate} and
 * {@code DeniedPublishes} read mosquitto's password and ACL files; {@code CoreThreads} ends its process
 * when a thread every client depends on dies, so that it is restarted. Which processes need the broker is
 * decided by the caller.
 *
 * <p>Imports config, policy (its clock and backoff), probe (the CONNECT probe) and spawn (the broker's
 * JVM is a child like any other); never supervise, control or cli. The only package that imports
 * Moquette and Netty (ArchitectureTest checks these rules).
 */
package org.commonplace.orchestrator.broker;
