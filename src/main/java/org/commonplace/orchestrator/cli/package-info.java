/**
 * The command line: picocli commands ({@code run}, the default, {@code check}, the client commands
 * and {@code export}), turning options and a loaded config into a supervision plan, and mapping
 * outcomes to exit codes (0 ok, 1 runtime failure, 2 usage or config error). Holds no supervision
 * logic: it wires config, broker and supervise together and reports their results.
 *
 * <p>Start-up is kept short here (docs/BENCHMARKS.md, issue 14): {@code Subcommands} builds only the
 * subcommand a command line names, {@code Main} prints {@code --version} without picocli and starts
 * the native link and the guard ahead of a run, {@code StartupTrace} tells where the time went
 * ({@code COMMONPLACE_STARTUP_TRACE=1}), and {@code AotTraining} is the launcher's training run for
 * its AOT cache.
 *
 * <p>May import every package; no package imports cli (ArchitectureTest checks it). The only package
 * that imports picocli.
 */
package org.commonplace.orchestrator.cli;
