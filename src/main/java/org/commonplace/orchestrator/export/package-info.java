/**
 * Exports: the config's processes as systemd units ({@link org.commonplace.orchestrator.export.SystemdUnits})
 * or Kubernetes objects, for when a process should be run by systemd or a cluster instead of the
 * orchestrator. Pure text from the run plan (cli's RunPlanner makes it), except for finding each
 * program's absolute path.
 *
 * <p>Imports config, supervise's {@code ManagedProcess} (the plan's record) and spawn's program lookup;
 * must not import cli, control or start anything.
 */
package org.commonplace.orchestrator.export;
