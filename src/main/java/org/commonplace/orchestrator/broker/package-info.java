/**
 * The start-up check that the MQTT broker answers, before anything that needs it is started.
 * Owns only the check; which processes need the broker is decided by the caller.
 */
package org.commonplace.orchestrator.broker;
