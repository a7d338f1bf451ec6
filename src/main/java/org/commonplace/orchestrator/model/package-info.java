/**
 * The vocabulary of supervision shared by every other package: the states a process goes through
 * ({@link org.commonplace.orchestrator.model.ProcessState}) and how it ended
 * ({@link org.commonplace.orchestrator.model.ExitStatus}).
 *
 * <p>Also what observers are told: {@link org.commonplace.orchestrator.model.ProcessSnapshot}, one
 * process at one moment, and its one JSON form ({@link org.commonplace.orchestrator.model.ProcessJson},
 * the object of {@code ps --json} and of MQTT state messages).
 *
 * <p>Also the one rule for names of processes and instances ({@link org.commonplace.orchestrator.model.Names}),
 * which the config, the control socket and MQTT commands all apply, and the orchestrator's own exit codes
 * ({@link org.commonplace.orchestrator.model.ExitCodes}).
 *
 * <p>Also {@link org.commonplace.orchestrator.model.Privileges}: the user and limits a process runs
 * with, as the config resolved them, which the launcher applies, the exports write and {@code ps}
 * shows.
 *
 * <p>Owns no behaviour and does no I/O; it imports nothing of the project, so observers (the control
 * socket, {@code top}, MQTT, systemd's notifier) can depend on it without depending on the supervisor.
 */
package org.commonplace.orchestrator.model;
