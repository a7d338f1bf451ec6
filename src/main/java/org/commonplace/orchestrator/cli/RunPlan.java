package org.commonplace.orchestrator.cli;

import java.util.List;
import java.util.Optional;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * What {@code run} will do: the processes to supervise, in start order, and whether the broker
 * must answer first.
 *
 * @param processes   in start order, command lines final
 * @param broker      the broker address in effect
 * @param checkBroker whether the start-up broker check runs
 * @param warnings    things the user should know (a dependency disabled)
 * @param brokerProcess the supervised process that provides the broker, when it runs in this run
 * @param embeddedBroker whether to start the embedded broker when none answers at {@code broker}
 */
record RunPlan(List<ManagedProcess> processes, BrokerAddress broker, boolean checkBroker, List<String> warnings,
               Optional<String> brokerProcess, boolean embeddedBroker) {
}
