package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.junit.jupiter.api.Test;

/** Where the embedded broker binds, and the settings that keep it local, silent and in memory. */
final class BindPlanTest {
    @Test
    void localhostBindsTheIpv4LoopbackOnly() {
        var plan = BindPlan.of(BrokerAddress.parse("localhost:1884")).orElseThrow();
        assertThat(plan.host()).isEqualTo("127.0.0.1");
        assertThat(plan.port()).isEqualTo(1884);
        assertThat(plan.loopback()).isTrue();
    }

    @Test
    void ipv6LoopbackStaysIpv6AndLoopback() {
        var plan = BindPlan.of(BrokerAddress.parse("[::1]:1884")).orElseThrow();
        assertThat(plan.host()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(plan.endpoint()).isEqualTo("[0:0:0:0:0:0:0:1]:1884");
        assertThat(plan.loopback()).isTrue();
    }

    @Test
    void anyOtherHostIsBoundAsWrittenAndIsOpenToTheNetwork() {
        var plan = BindPlan.of(BrokerAddress.parse("0.0.0.0:1883")).orElseThrow();
        assertThat(plan.host()).isEqualTo("0.0.0.0");
        assertThat(plan.loopback()).isFalse();
    }

    @Test
    void theStartLineSaysLoopbackOnlyOrWarnsThatTheBrokerIsOpenToTheNetwork() {
        assertThat(BrokerSettings.describe(new BindPlan("127.0.0.1", 1883, true), EmbeddedBrokerSettings.OPEN)).isEqualTo(
                "embedded MQTT broker (Moquette, in memory, MQTT 3.1.1) listening on 127.0.0.1:1883 (loopback only)");
        assertThat(BrokerSettings.describe(new BindPlan("0.0.0.0", 1883, false), EmbeddedBrokerSettings.OPEN)).isEqualTo(
                "embedded MQTT broker (Moquette, in memory, MQTT 3.1.1) listening on 0.0.0.0:1883: OPEN TO THE NETWORK"
                        + " without passwords or ACLs; any host that reaches it can read and publish every topic"
                        + " (bind to 127.0.0.1 unless that is meant; see SECURITY.md)");
    }

    @Test
    void aHostThatDoesNotResolveHasNoPlan() {
        assertThat(BindPlan.of(BrokerAddress.parse("no-such-broker.invalid"))).isEmpty();
    }

    @Test
    void theBrokerWritesNothingCallsNowhereAndListensOnlyForPlainMqtt() {
        var p = BrokerSettings.properties(new BindPlan("127.0.0.1", 1884, true), false);
        assertThat(p.getProperty("host")).isEqualTo("127.0.0.1");
        assertThat(p.getProperty("port")).isEqualTo("1884");
        assertThat(p.getProperty("persistence_enabled")).isEqualTo("false");
        assertThat(p.getProperty("telemetry_enabled")).isEqualTo("false");
        assertThat(p.getProperty("use_bugsnag")).isEqualTo("false");
        assertThat(p.getProperty("use_metrics")).isEqualTo("false");
        assertThat(p.getProperty("websocket_port")).isEqualTo("disabled");
        assertThat(p.getProperty("allow_zero_byte_client_id")).isEqualTo("true");
        assertThat(p.getProperty("netty.mqtt.message_size")).isEqualTo("1048576");
        assertThat(p.stringPropertyNames()).doesNotContain("ssl_port", "secure_websocket_port", "password_file", "acl_file");
    }
}
