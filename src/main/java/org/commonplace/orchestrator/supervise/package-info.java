/**
 * Supervision: the one owner of every process's state.
 *
 * <p>{@link org.commonplace.orchestrator.supervise.Supervisor} is an event loop on one thread: exit
 * waiters, timers and signal handlers only {@link org.commonplace.orchestrator.supervise.Supervisor#post
 * post} {@link org.commonplace.orchestrator.supervise.Event events}; the loop alone reads and changes
 * state, through the table in {@link org.commonplace.orchestrator.supervise.Transitions}. Side effects
 * go through small seams ({@code spawn.Launcher}, {@link org.commonplace.orchestrator.supervise.Scheduler},
 * {@code policy.Ticker}), so the state machine is tested with fakes and a hand-advanced clock.
 *
 * <p>The seam for whatever watches or steers (the control socket, the MQTT fabric): in, a {@link
 * org.commonplace.orchestrator.supervise.Command} posted as {@code Event.Control} with a future the loop
 * completes, checked there in that one trip; out, an immutable {@code model.ProcessSnapshot}, made
 * by {@code Snapshots} alone, handed to each {@link org.commonplace.orchestrator.supervise.SnapshotListener}
 * by {@code SnapshotFeed} after every change (snapshots compared whole). Every command is
 * answered: the replies that wait for processes are at most {@code PendingReplies.MAX}, and end once
 * the processes got there or cannot now ({@code StartProgress}); stops and snapshots go ahead of
 * other events ({@code EventQueue}).
 *
 * <p>What may start is {@link org.commonplace.orchestrator.supervise.Dependencies}' to say: local
 * dependencies from their slots, remote ones ({@code INSTANCE/NAME}) from what the broker last said,
 * posted as {@code Event.RemoteDependency} and kept in {@code RemoteGate}.
 *
 * <p>Must not touch sockets, files or MQTT; imports model, policy, spawn, output and config values.
 */
package org.commonplace.orchestrator.supervise;
