/**
 * Crash reports: noticing, from the supervisor's snapshots alone, that a process exited when nobody
 * asked it to (or was given up) ({@link org.commonplace.orchestrator.crash.CrashDetector}); keeping its
 * exit with its last lines ({@link org.commonplace.orchestrator.crash.CrashDesk}, {@link
 * org.commonplace.orchestrator.crash.CrashBook}) for {@code ps NAME}, {@code logs --last-crash} and the
 * MQTT crash topic; and running its {@code on_failure} hook ({@link
 * org.commonplace.orchestrator.crash.FailureHooks}).
 *
 * <p>A listener of the supervisor, never a branch in it: the lifecycle table is not touched, and the
 * supervisor's thread only compares two snapshots and hands a note to a bounded queue. Everything slow
 * (copying lines, writing the lines file, running a hook) is on threads of its own.
 *
 * <p>May import supervise (the listener), model, config (the hook's settings), spawn (the launcher a
 * hook is started with), probe (a hook runs as an exec probe does) and runtime (where the lines file
 * is written). Nothing imports it but cli.
 */
package org.commonplace.orchestrator.crash;
