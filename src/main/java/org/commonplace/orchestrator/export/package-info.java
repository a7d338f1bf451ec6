/**
 * Exports: the config's processes as systemd units ({@link org.commonplace.orchestrator.export.SystemdUnits})
 * or Kubernetes objects, for when a process should be run by systemd or a cluster instead of the
 * orchestrator. Pure text from the run plan (cli's RunPlanner makes it), except for finding each
 * program's absolute path.
 *
 * <p>Config values reach the output only through a writer that escapes them: SnakeYAML Engine's
 * emitter for the objects, {@link org.commonplace.orchestrator.export.SystemdSyntax} for unit values,
 * {@link org.commonplace.orchestrator.export.CommentText} for comments (a line break there would end
 * the comment and start a line of the config's choosing).
 *
 * <p>Imports config, supervise's {@code ManagedProcess} (the plan's record), spawn's program lookup
 * and model's {@code Privileges} (the user and limits a process runs with);
 * must not import cli, control or start anything.
 */
package org.commonplace.orchestrator.export;
