/**
 * Custody: everything the orchestrator started, and everything those started, accounted for so that
 * nothing outlives it. {@link org.commonplace.orchestrator.spawn.custody.Custody} implements {@code
 * spawn.GroupCustody}, the one small interface the launchers see, and holds three defences:
 * <ul>
 *   <li>the {@link org.commonplace.orchestrator.spawn.custody.Guard}, a bash process that kills the
 *       recorded groups if we die (a dead man's switch);</li>
 *   <li>the {@link org.commonplace.orchestrator.spawn.custody.RunRecord}, which lets the next start
 *       kill what a dead predecessor left, and the {@link org.commonplace.orchestrator.spawn.custody.ConfigLock}
 *       (one orchestrator per config);</li>
 *   <li>adoption of orphans ({@link org.commonplace.orchestrator.spawn.custody.AdoptedFamily}): as the
 *       child subreaper we inherit daemons whose parent exited, and stop them when we stop
 *       ({@link org.commonplace.orchestrator.spawn.custody.OrphanStop}).</li>
 * </ul>
 *
 * <p>Imports {@code spawn} (its /proc reading, group signals and child registry) and {@code runtime};
 * {@code spawn} never imports this package. Only {@code cli} creates a Custody.
 */
package org.commonplace.orchestrator.spawn.custody;
