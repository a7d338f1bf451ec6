package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a library's java.util.logging record becomes one line of ours, or none. */
final class LibraryLoggingLineTest {
    private final List<String> said = new ArrayList<>();

    @AfterEach
    void speakOnStderrAgain() {
        LibraryLogging.sayThrough(line -> System.err.println("[orchestrator] " + line));
    }

    private void publish(String logger, Level level, String message, Object... parameters) {
        LibraryLogging.sayThrough(said::add);
        var record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setParameters(parameters);
        var handler = new LibraryLogging.OneLine();
        handler.setLevel(Level.WARNING);
        handler.publish(record);
    }

    @Test
    void aWarningIsOneLineWithItsControlCharactersEscaped() {
        publish("org.eclipse.paho.client.mqttv3.internal.ClientComms", Level.WARNING, "cpo1: broker said {0}",
                "\u001b[2J\nSEVERE: forged\u009b");
        assertThat(said).containsExactly("MQTT client (Paho): warning: cpo1: broker said \\e[2J\\nSEVERE: forged\\u009b");
    }

    @Test
    void pahosKeepAliveTimeoutIsNotSaidSinceTheLossIsReportedByItsHolder() {
        publish("org.eclipse.paho.client.mqttv3.internal.ClientState", Level.SEVERE,
                "cpo1: Timed out as no activity, keepAlive=15,000 lastOutboundActivity=1 lastInboundActivity=2 time=3 lastPing=4");
        assertThat(said).isEmpty();
    }

    @Test
    void pahosSendersFailureIsNotSaidEitherTheLossThatFollowsIs() {
        publish("org.eclipse.paho.mqttv5.client.internal.CommsSender", Level.SEVERE, "cpo1: exception");
        assertThat(said).isEmpty();
    }

    @Test
    void tracingBelowWarningIsNotSaid() {
        publish("org.eclipse.paho.client.mqttv3.internal.ClientState", Level.FINE, "cpo1: ping needed");
        assertThat(said).isEmpty();
    }
}
