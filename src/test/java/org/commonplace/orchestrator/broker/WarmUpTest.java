package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker runs its connection path once before it says it is ready ({@link WarmUp}), so that its
 * first client does not wait for the JVM to load and run it for the first time. Checked without timing
 * anything: the broker's JVM, asked with jcmd before any client has connected, has already made a
 * CONNACK and initialised Moquette's session-creation result; before, neither had happened yet.
 */
final class WarmUpTest extends OneBrokerPerClass {
    @Test
    void theConnectionPathHasRunBeforeTheBrokerIsReady() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(jcmd, Long.toString(broker.pid()), "VM.classes").redirectErrorStream(true).start();
        List<String> classes = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(classes).anyMatch(line -> line.contains("fully_initialized") && line.contains("io.netty.handler.codec.mqtt.MqttConnAckMessage"));
        assertThat(classes).anyMatch(line -> line.contains("fully_initialized")
                && line.contains("io.moquette.broker.SessionRegistry$SessionCreationResult"));
    }
}
