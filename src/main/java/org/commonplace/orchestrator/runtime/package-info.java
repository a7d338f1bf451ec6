/**
 * Where the orchestrator keeps its runtime files (the lock, the run record, the control socket): a
 * directory only its user can enter, chosen and checked before anything is written there, and the
 * names of the files in it for one config.
 *
 * <p>The orchestrator often runs as root: a file another local user could create, replace or point a
 * symbolic link at before us would let that user steer root's hands (SIGKILL a process the user names
 * in a forged run record, truncate {@code /etc/shadow} through a link at the lock's path). So nothing
 * here trusts a path in a shared folder: the directory is ours, 0700, not a link, or we refuse.
 * The folders we write in outside it (log folders, an export's {@code --output}, a {@code --socket})
 * are checked component by component ({@link org.commonplace.orchestrator.runtime.TrustedPath}): no
 * other user may be able to change what their paths name.
 *
 * <p>Imports nothing of the project; does no supervision.
 */
package org.commonplace.orchestrator.runtime;
