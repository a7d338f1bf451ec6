/**
 * Test support: running the orchestrator as a real process and reading its output
 * ({@link org.commonplace.orchestrator.testing.OrchestratorRun}), writing configs
 * ({@link org.commonplace.orchestrator.testing.ConfigBuilder}), and the fake world of the supervisor
 * unit tests (launcher, children, clock and timers).
 */
package org.commonplace.orchestrator.testing;
