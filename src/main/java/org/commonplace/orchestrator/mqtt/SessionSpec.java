package org.commonplace.orchestrator.mqtt;

import java.util.Optional;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.BrokerAddress;

/**
 * How to connect: where, as whom, with which last will, and who hears what arrives.
 *
 * @param willTopic   where the broker publishes {@link Topics#OFFLINE} (retained) if we vanish; none without publish_state
 * @param inbox       called on the client's thread for each message: must only hand it on
 * @param lost        called on the client's thread when the connection is lost, with the reason
 */
record SessionSpec(BrokerAddress address, Optional<String> willTopic, Optional<String> username, Optional<byte[]> password,
                   int connectTimeoutMs, Consumer<Inbound> inbox, Consumer<String> lost) {
    /** Keep-alive: long, since the broker learns of our death from the closed socket; this is for dead networks. */
    static final int KEEP_ALIVE_S = 60;
}
