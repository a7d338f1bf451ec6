/**
 * The control socket: steering a running orchestrator from another terminal or a script. {@link
 * org.commonplace.orchestrator.control.ControlServer} owns the private Unix domain socket; each request
 * becomes a command event of the supervisor; {@link org.commonplace.orchestrator.control.Client} is the
 * other end ({@code ps}, {@code start}, {@code stop}, {@code restart}, {@code logs}, {@code reload},
 * {@code shutdown}); {@link org.commonplace.orchestrator.control.LogBook} keeps each process's recent
 * output for {@code logs}. The protocol is in docs/control.md. Around the server: {@link
 * org.commonplace.orchestrator.control.Acceptor} accepts (and copes with running out of open files),
 * {@link org.commonplace.orchestrator.control.Admission} decides who is served and in which pool
 * (requests, streams), {@link org.commonplace.orchestrator.control.Farewell} turns clients away in one
 * line, {@link org.commonplace.orchestrator.control.Connection} reads a request ({@link
 * org.commonplace.orchestrator.control.RequestReader}, checked field by field in {@link
 * org.commonplace.orchestrator.control.Request}) and hands it to its {@link
 * org.commonplace.orchestrator.control.Verb}, one class per command, which answers in the lines {@link
 * org.commonplace.orchestrator.control.Replies} makes; {@link org.commonplace.orchestrator.control.WatchFeed}
 * builds what every {@code watch} client is sent, once for all of them. Views show what the
 * supervisor's snapshots say, nothing else. Lines are read and written with Jackson's streaming parser
 * and generator ({@link org.commonplace.orchestrator.control.TreeReader}, {@link
 * org.commonplace.orchestrator.control.TreeWriter}), never databind's {@code ObjectMapper}, whose
 * classes would cost every run and every client call (ProtocolClassesTest checks it).
 *
 * <p>Imports supervise's public API (commands, replies, snapshots, {@code UnknownNames}), model, output,
 * runtime (the socket's path and peer checks), spawn's /proc readings and json (its lines' text); never the other way round.
 * Must not import cli, nor config (what the config says reaches it through supervise): what needs the
 * command line (reloading the config) is handed in as a {@link
 * org.commonplace.orchestrator.control.ControlServer.Reloader} (ArchitectureTest checks it).
 */
package org.commonplace.orchestrator.control;
