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
 * <p>A process's {@code Privileges} (user, groups, umask, limits, nice, oom_score_adj,
 * no_new_privs, ambient capabilities) are applied by {@link
 * org.commonplace.orchestrator.spawn.PrivilegeSteps}: words put before the program's argv that run
 * util-linux's {@code prlimit}, {@code choom} and {@code setpriv}, coreutils' {@code nice} and
 * {@code sh}'s umask, each changing one thing and exec'ing the next in place. Why not our own code
 * between fork and exec: posix_spawn runs none (it has no uid, rlimit or umask attributes), the JDK's
 * ProcessBuilder neither, and a forked JVM child cannot run Java (nor safely any FFM downcall: it
 * holds one thread of a multi-threaded process) before exec; a C helper would need a compiler at
 * build time. The tools are the well-kept ones made for this (systemd's own units say the same
 * things), each costs one exec of a small binary (0.2 to 0.9 ms on a quiet machine: setpriv 0.2,
 * sh 0.35, nice 0.4, prlimit 0.6, choom 0.9), and a process without privilege keys gets none, so
 * figure A (the restart gap) is unchanged.
 *
 * <p>Must not know config records, restart policy or supervision state: it takes a LaunchSpec and
 * hands output to an {@link org.commonplace.orchestrator.spawn.OutputReceiver}. May import {@code model}
 * (ExitStatus) and {@code runtime}; never {@code spawn.custody}, which sits above it (ArchitectureTest
 * checks it).
 */
package org.commonplace.orchestrator.spawn;
