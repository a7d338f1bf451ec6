/**
 * The config file: JSON to immutable records ({@link org.commonplace.orchestrator.config.OrchestratorConfig},
 * {@link org.commonplace.orchestrator.config.ProcessSpec}, {@link org.commonplace.orchestrator.config.RestartSpec},
 * {@link org.commonplace.orchestrator.config.LogSettings}),
 * defaults, and validation that reports every problem of a file at once, each with its JSON path and
 * line:column.
 *
 * <p>Entry point: {@link org.commonplace.orchestrator.config.ConfigLoader}. Defaults live on the
 * records ({@code RestartSpec.defaults()}, {@code ProcessSpec.DEFAULT_STOP_TIMEOUT_MS},
 * {@code BrokerAddress.DEFAULT}) and in {@code ProcessValidator}.
 *
 * <p>Must not start threads, spawn processes, or read anything but the config file (and check that
 * a {@code cwd} directory exists; the privilege keys read /etc/passwd, /etc/group and our own
 * /proc/self to resolve names and refuse what only root may ask:
 * {@code PrivilegeValidator}; log folders are made by {@code run}, not here): whether a program can be found is asked through the
 * {@link org.commonplace.orchestrator.config.CommandLookup} seam, which {@code check} fills in. May
 * import {@code graph}, {@code model} and {@code json} only ({@code model.Names}: the one name rule, which the
 * control socket and MQTT commands apply too; model imports nothing; {@code json} quotes a value in an error).
 */
package org.commonplace.orchestrator.config;
