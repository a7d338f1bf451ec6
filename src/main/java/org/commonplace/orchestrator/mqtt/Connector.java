package org.commonplace.orchestrator.mqtt;

/**
 * Connects with MQTT 5 and, when the broker does not speak it, with 3.1.1 from then on (the
 * embedded Moquette refuses a v5 CONNECT). Used by the fabric's thread only.
 */
final class Connector {
    private boolean onlyV311;

    BrokerSession connect(SessionSpec spec) throws ConnectFailure {
        if (!onlyV311) {
            try {
                return Paho5Session.connect(spec);
            } catch (ConnectFailure failure) {
                if (!failure.protocolRefused()) {
                    throw failure;
                }
                onlyV311 = true;
            }
        }
        return Paho311Session.connect(spec);
    }
}
