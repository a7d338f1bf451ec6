package org.commonplace.orchestrator.mqtt;

import java.io.IOException;

/** A CONNECT that did not end in an accepted CONNACK; {@code protocolRefused}: the broker does not speak that version. */
final class ConnectFailure extends IOException {
    private final boolean protocolRefused;

    ConnectFailure(String reason, boolean protocolRefused) {
        super(reason);
        this.protocolRefused = protocolRefused;
    }

    boolean protocolRefused() {
        return protocolRefused;
    }
}
