/**
 * The command line: picocli commands ({@code run}, the default, and {@code check}), turning options
 * and a loaded config into a supervision plan, and mapping outcomes to exit codes (0 ok, 1 runtime
 * failure, 2 usage or config error). Holds no supervision logic: it wires config, broker and
 * supervise together and reports their results.
 */
package org.commonplace.orchestrator.cli;
