/**
 * The MQTT fabric: the orchestrator as a citizen of the broker its programs meet on.
 *
 * <p>Owns one connection ({@link org.commonplace.orchestrator.mqtt.Fabric}, a thread of its own,
 * MQTT 5 with a fall-back to 3.1.1, reconnected with backoff) and what travels on it: each process's
 * state, retained, with the instance's {@code online}/{@code offline} and last will
 * ({@link org.commonplace.orchestrator.mqtt.StatePublisher}, a snapshot listener of the supervisor);
 * the remote dependencies' states ({@link org.commonplace.orchestrator.mqtt.RemoteStates}, posted
 * to the supervisor as events); and commands ({@link org.commonplace.orchestrator.mqtt.RemoteCommands},
 * off by default, at most 16 waiting at once, replied to under {@code PREFIX/INSTANCE/replies/} only).
 * Before anything of the instance is published, each connection checks that no other live
 * orchestrator holds the instance name ({@link org.commonplace.orchestrator.mqtt.ClaimCheck}, over the
 * retained {@link org.commonplace.orchestrator.mqtt.Claim}); the first connection's answer can refuse the start.
 * What floods in from the broker is said in a few lines and sums ({@link
 * org.commonplace.orchestrator.mqtt.LineBurst}), never a line per message. The topics are written in {@link org.commonplace.orchestrator.mqtt.Topics} only.
 * Nothing here touches supervision state: it puts events in the supervisor's queue and takes
 * snapshots from it.
 *
 * <p>Imports: config (the fabric's settings, the broker address, the topic prefix's rule), model (the
 * snapshots and their JSON), policy (bursts, the clock), supervise's public API (events, commands,
 * the listener) and {@code paho} (what every MQTT client of ours shares); never probe, fleet, cli,
 * control or output (ArchitectureTest checks it). Its one library is Eclipse Paho, v5 and v3.
 */
package org.commonplace.orchestrator.mqtt;
