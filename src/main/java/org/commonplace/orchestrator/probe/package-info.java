/**
 * One-shot probes, for readiness and liveness: {@link org.commonplace.orchestrator.probe.Probe#attempt} tries a
 * process's {@code ready} check once (a TCP connect, an HTTP GET, a command, an MQTT CONNECT) and
 * says whether it passed and, if not, why in a few words.
 *
 * <p>Owns only the attempt. When to attempt, how often, and what a failure means for the process
 * (waiting, timing out, restarting) belong to the supervisor, which runs attempts on threads of its
 * own and posts the results as events. The {@code log} check has no probe: it is matched where the
 * process's output is read. {@link org.commonplace.orchestrator.probe.ProbeWatcher} and {@link
 * org.commonplace.orchestrator.probe.LivenessProber} run attempts for the supervisor's seams, and
 * {@link org.commonplace.orchestrator.probe.GroupMemory} measures process groups' memory for it.
 *
 * <p>Must not hold supervision state. Imports: config values ({@code ReadyCheck}, {@code BrokerAddress},
 * the specs); {@code spawn}'s launcher, for {@code exec} checks, which starts their commands as it
 * starts the processes (own session, guarded), and {@code spawn.GroupUsage}, which reads a group's
 * usage from /proc; {@code model.ExitStatus}, how those children end; the seams of {@code supervise}
 * it implements; and {@code paho}, for the MQTT check and the words for a failed connection. Nothing
 * else of ours: {@code mqtt} and {@code fleet} take what they share with the MQTT check from
 * {@code paho}, never from here.
 * Its one library is Eclipse Paho, for MQTT.
 */
package org.commonplace.orchestrator.probe;
