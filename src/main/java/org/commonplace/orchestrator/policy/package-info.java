/**
 * Restart decisions as pure functions: whether an exit is restarted ({@link
 * org.commonplace.orchestrator.policy.RestartDecision}), how long to wait ({@link
 * org.commonplace.orchestrator.policy.Backoff}), and the time source they are measured with ({@link
 * org.commonplace.orchestrator.policy.Ticker}).
 *
 * <p>Must not use threads, sleep or do I/O: everything here is tested with a fake clock in
 * microseconds. Imports only {@code model} and the config value types.
 */
package org.commonplace.orchestrator.policy;
