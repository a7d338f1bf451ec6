/**
 * The dependency graph of processes: start order, reverse stop order, cycle detection and reverse
 * edges.
 *
 * <p>Owns only the algorithms over names and edges (a map of name to dependency names). It imports
 * nothing of the project, so {@code config} can use it for its cycle check and {@code supervise} for
 * ordering without either depending on the other. It does no I/O and keeps no state beyond its
 * immutable copy of the edges.
 */
package org.commonplace.orchestrator.graph;
