package org.commonplace.orchestrator.broker;

import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One embedded broker on a free loopback port for all the tests of a class that extends this (each
 * test uses topics and client ids of its own), started before the first and closed after the last.
 */
abstract class OneBrokerPerClass {
    static EmbeddedBroker broker;
    static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        port = Mosquitto.freePort();
        broker = EmbeddedBroker.startUnlessAnswering(BrokerAddress.parse("127.0.0.1:" + port)).broker().orElseThrow();
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }
}
