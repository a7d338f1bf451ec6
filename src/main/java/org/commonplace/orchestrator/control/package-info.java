/**
 * The control socket: steering a running orchestrator from another terminal or a script. {@link
 * org.commonplace.orchestrator.control.ControlServer} listens on a private Unix domain socket and turns
 * each request into a command event of the supervisor; {@link org.commonplace.orchestrator.control.Client}
 * is the other end ({@code ps}, {@code start}, {@code stop}, {@code restart}, {@code logs}, {@code reload},
 * {@code shutdown}); {@link org.commonplace.orchestrator.control.LogBook} keeps each process's recent
 * output for {@code logs}. The protocol is in docs/control.md. Around the server: {@link
 * org.commonplace.orchestrator.control.Acceptor} accepts (and copes with running out of open files),
 * {@link org.commonplace.orchestrator.control.Admission} decides who is served and in which pool
 * (requests, streams), {@link org.commonplace.orchestrator.control.Farewell} turns clients away in one
 * line, and {@link org.commonplace.orchestrator.control.WatchFeed} builds what every {@code watch}
 * client is sent, once for all of them.
 *
 * <p>Imports supervise's public API (commands, replies, snapshots), model, output and spawn's /proc
 * readings, and runtime (the socket's path and peer checks); never the other way round. Must not import cli: what needs the command line (reloading
 * the config) is handed in as a {@link org.commonplace.orchestrator.control.ControlServer.Reloader}.
 */
package org.commonplace.orchestrator.control;
