/**
 * systemd's notify protocol: {@link org.commonplace.orchestrator.notify.SystemdNotifier} is a
 * snapshot listener of the supervisor that tells systemd when the orchestrator is ready, how it is,
 * that it stops or reloads, and that its loop still turns (the watchdog); {@link
 * org.commonplace.orchestrator.notify.UnixDatagram} sends the datagrams, through the FFM API.
 *
 * <p>Imports supervise's public API (the listener, events, the scheduler) and model; never the other
 * way round. Must not import cli, control or spawn.
 */
package org.commonplace.orchestrator.notify;
