package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.subscriptions.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The embedded broker's retained messages stay within their bytes and topics, and a refusal is said once. */
final class RetainedBudgetTest {
    private final ArrayList<String> said = new ArrayList<>();
    private final RetainedBudget budget = new RetainedBudget(said::add);

    @Test
    void aReplacementFreesWhatItReplacesAndAClearFreesAll() {
        budget.publish(new Topic("a"), MqttQoS.AT_LEAST_ONCE, payload(1000));
        budget.publish(new Topic("a"), MqttQoS.AT_LEAST_ONCE, payload(10));
        assertThat(budget.bytes()).isEqualTo(10);
        assertThat(budget.retainedOnTopic("#")).hasSize(1).allSatisfy(m -> assertThat(m.getPayload()).hasSize(10));
        // An empty payload clears; Moquette's own cleanRetained (made for QoS 0 too) is ignored.
        budget.publish(new Topic("b"), MqttQoS.AT_MOST_ONCE, payload(5));
        budget.cleanRetained(new Topic("b"));
        assertThat(budget.retainedOnTopic("b")).singleElement().satisfies(m -> assertThat(m.qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE));
        budget.publish(new Topic("b"), MqttQoS.AT_MOST_ONCE, payload(0));
        budget.publish(new Topic("a"), MqttQoS.AT_LEAST_ONCE, payload(0));
        assertThat(budget.bytes()).isZero();
        assertThat(budget.isEmpty()).isTrue();
    }

    @Test
    void whatDoesNotFitIsNotKeptDropsTheOldValueAndIsSaidOnce() {
        int mebibyte = 1 << 20;
        for (int i = 0; i < 40; i++) {
            budget.publish(new Topic("flood/" + i), MqttQoS.AT_LEAST_ONCE, payload(mebibyte));
        }
        assertThat(budget.bytes()).isEqualTo(RetainedBudget.MAX_BYTES);
        assertThat(budget.retainedOnTopic("flood/+")).hasSize(16);
        // A topic that held a value and gets one too big for what is left loses both.
        budget.publish(new Topic("flood/0"), MqttQoS.AT_LEAST_ONCE, payload(mebibyte + 1));
        assertThat(budget.retainedOnTopic("flood/0")).isEmpty();
        assertThat(said).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("its retained messages are at their budget"));
    }

    @Test
    void tinyMessagesStopAtTheTopicLimit() {
        for (int i = 0; i < RetainedBudget.MAX_TOPICS + 5; i++) {
            budget.publish(new Topic("t/" + i), MqttQoS.AT_LEAST_ONCE, payload(1));
        }
        assertThat(budget.retainedOnTopic("t/+")).hasSize(RetainedBudget.MAX_TOPICS);
        // A topic already kept may still be replaced.
        budget.publish(new Topic("t/0"), MqttQoS.AT_LEAST_ONCE, payload(2));
        assertThat(budget.retainedOnTopic("t/0")).singleElement().satisfies(m -> assertThat(m.getPayload()).hasSize(2));
        assertThat(said).hasSize(1);
    }

    private static ByteBuf payload(int size) {
        return Unpooled.wrappedBuffer(new byte[size]);
    }
}
