/**
 * Restart decisions as pure functions: whether an exit is restarted ({@link
 * org.commonplace.orchestrator.policy.RestartDecision}) or given up, how long to wait ({@link
 * org.commonplace.orchestrator.policy.Backoff}), the restarts that count towards giving up ({@link
 * org.commonplace.orchestrator.policy.RestartWindow}: OTP's restart intensity), both kept per process
 * by {@link org.commonplace.orchestrator.policy.Restarts} (the one place a backoff is made from a
 * config's restart block), the time source they are measured with ({@link
 * org.commonplace.orchestrator.policy.Ticker}), and when like lines are told one by one or summed up
 * ({@link org.commonplace.orchestrator.policy.Burst}).
 *
 * <p>Must not use threads, sleep or do I/O: everything here is tested with a fake clock in
 * microseconds. Imports only {@code model} and the config value types.
 */
package org.commonplace.orchestrator.policy;
