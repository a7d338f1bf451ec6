/**
 * Child output on its way to the terminal: splitting bytes into lines, putting the {@code [name] }
 * prefix in front, and writing whole lines to a shared sink so lines of different processes never
 * mix. Works on bytes end to end (no decoding), so output that is not UTF-8 passes through unchanged.
 *
 * <p>Also the orchestrator's own {@code [orchestrator]} messages ({@link
 * org.commonplace.orchestrator.output.Console}); how lines look ({@link
 * org.commonplace.orchestrator.output.LogStyle}: colours, timestamps taken at arrival, JSON lines);
 * and the log files with their rotation ({@link org.commonplace.orchestrator.output.LogFiles}). Must
 * not know about restarts or supervision state: an event's name and fields are data it is handed
 * ({@link org.commonplace.orchestrator.output.Fields}).
 *
 * <p>Imports only spawn (the {@code OutputReceiver} it is handed bytes through, the {@code Child} it
 * reads) and runtime's {@code Uid} (whose rotated files are ours); never supervise (ArchitectureTest
 * checks it).
 */
package org.commonplace.orchestrator.output;
