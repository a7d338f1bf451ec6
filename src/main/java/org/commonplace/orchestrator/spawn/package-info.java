/**
 * Starting programs and signalling them: the only package that knows about process groups,
 * sessions and the operating system.
 *
 * <p>{@link org.commonplace.orchestrator.spawn.Launcher} turns a {@link
 * org.commonplace.orchestrator.spawn.LaunchSpec} into a running {@link
 * org.commonplace.orchestrator.spawn.Child}; {@link org.commonplace.orchestrator.spawn.OsLauncher}
 * does it for real, each child in a session of its own (so a terminal's Ctrl+C reaches only the
 * orchestrator) with stdin from /dev/null; {@link org.commonplace.orchestrator.spawn.ProcessGroups}
 * signals whole groups through the FFM API, since the JDK can signal only a single pid.
 *
 * <p>Must not know config records, restart policy or supervision state: it takes a LaunchSpec.
 */
package org.commonplace.orchestrator.spawn;
