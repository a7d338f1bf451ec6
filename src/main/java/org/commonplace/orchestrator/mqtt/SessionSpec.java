package org.commonplace.orchestrator.mqtt;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.commonplace.orchestrator.config.BrokerAddress;

/**
 * How to connect: where, as whom, with which last will, and who hears what arrives.
 *
 * @param willTopic   where the broker publishes {@link Topics#OFFLINE} (retained) if we vanish; none without publish_state
 * @param inbox       called on the client's thread for each message: must only hand it on
 * @param lost        called on the client's thread when the connection is lost, with the reason
 * @param skipped     called on the client's thread with the size of each message over
 *                    {@link org.commonplace.orchestrator.paho.PacketLimit#MAX_PACKET_BYTES} skipped unread
 */
record SessionSpec(BrokerAddress address, Optional<String> willTopic, Optional<String> username, Optional<byte[]> password,
                   int connectTimeoutMs, Consumer<Inbound> inbox, Consumer<String> lost, LongConsumer skipped) {
    /** Keep-alive: long, since the broker learns of our death from the closed socket; this is for dead networks. */
    static final int KEEP_ALIVE_S = 60;
}
