/**
 * What every MQTT client of ours needs of Eclipse Paho, v3 and v5 alike, written once: fresh client
 * ids ({@link org.commonplace.orchestrator.paho.ClientIds}); the threads and the socket of one client,
 * arranged around Paho 1.2.5's connect-thread defect ({@link org.commonplace.orchestrator.paho.PahoThreads});
 * reading within 1 MiB a packet ({@link org.commonplace.orchestrator.paho.PacketLimit}); waiting for an
 * acknowledgement without inflating a monitor ({@link org.commonplace.orchestrator.paho.Ack}); ending a
 * client without leaking a thread ({@link org.commonplace.orchestrator.paho.PahoRelease}); and a failed
 * connection in words ({@link org.commonplace.orchestrator.paho.FailureWords}).
 *
 * <p>A low package: it imports nothing of the project, only the JDK and Paho, so that the readiness
 * probes ({@code probe}), the fabric ({@code mqtt}) and {@code watch} ({@code fleet}) share it without
 * importing one another. It keeps no state beyond the client it serves and starts no thread but
 * Paho's (on the executor it is given).
 */
package org.commonplace.orchestrator.paho;
