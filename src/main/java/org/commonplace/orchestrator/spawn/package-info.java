/**
 * Starting programs, signalling them, and answering for everything they start: the only package
 * that knows about process groups, sessions and the operating system.
 *
 * <p>{@link org.commonplace.orchestrator.spawn.Launcher} turns a {@link
 * org.commonplace.orchestrator.spawn.LaunchSpec} into a running {@link
 * org.commonplace.orchestrator.spawn.Child}. {@link org.commonplace.orchestrator.spawn.NativeLauncher}
 * does it with posix_spawn through the FFM API — each child a session leader with stdin from
 * /dev/null and no inherited descriptors — and one epoll thread ({@code IoLoop}) for every child's
 * output and exit (a batch of starts runs side by side on a few short-lived threads: {@link
 * org.commonplace.orchestrator.spawn.Launcher#launchAll}); {@link
 * org.commonplace.orchestrator.spawn.OsLauncher} is the ProcessBuilder fallback.
 * The launchers tell a {@link org.commonplace.orchestrator.spawn.GroupCustody} of each group they start
 * and release; {@code spawn.custody} answers for them (the guard, the run record, the config's lock,
 * adopted orphans). {@link org.commonplace.orchestrator.spawn.ProcessGroups} signals whole groups, and
 * the I/O loop reports each exit as an {@code ExitStatus} (an exit code, or the signal that killed it).
 * The I/O loop and the orphan reaper tell a {@link org.commonplace.orchestrator.spawn.CoreFailure}
 * when an error ends them (the supervisor then stops everything and exits 1).
 *
 * <p>Must not know config records, restart policy or supervision state: it takes a LaunchSpec and
 * hands output to an {@link org.commonplace.orchestrator.spawn.OutputReceiver}. May import {@code model}
 * (ExitStatus) and {@code runtime}; never {@code spawn.custody}, which sits above it (ArchitectureTest
 * checks it).
 */
package org.commonplace.orchestrator.spawn;
