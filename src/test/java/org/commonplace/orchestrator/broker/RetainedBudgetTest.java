package org.commonplace.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.subscriptions.Topic;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The embedded broker's retained messages stay within their bytes and topics, and a refusal is said once. */
final class RetainedBudgetTest {
    private final ArrayList<String> said = new ArrayList<>();
    private final RetainedBudget budget = new RetainedBudget(said::add);

    @Test
    void aReplacementFreesWhatItReplacesAndAClearFreesAll() {
        budget.retain(new Topic("a"), message("a", 1000));
        budget.retain(new Topic("a"), message("a", 10));
        assertThat(budget.bytes()).isEqualTo(10);
        assertThat(budget.retainedOnTopic("#")).hasSize(1).allSatisfy(m -> assertThat(m.getPayload()).hasSize(10));
        budget.cleanRetained(new Topic("a"));
        assertThat(budget.bytes()).isZero();
        assertThat(budget.isEmpty()).isTrue();
    }

    @Test
    void whatDoesNotFitIsNotKeptDropsTheOldValueAndIsSaidOnce() {
        int mebibyte = 1 << 20;
        for (int i = 0; i < 40; i++) {
            budget.retain(new Topic("flood/" + i), message("flood/" + i, mebibyte));
        }
        assertThat(budget.bytes()).isEqualTo(RetainedBudget.MAX_BYTES);
        assertThat(budget.retainedOnTopic("flood/+")).hasSize(16);
        // A topic that held a value and gets one too big for what is left loses both.
        budget.retain(new Topic("flood/0"), message("flood/0", mebibyte + 1));
        assertThat(budget.retainedOnTopic("flood/0")).isEmpty();
        assertThat(said).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("its retained messages are at their budget"));
    }

    @Test
    void tinyMessagesStopAtTheTopicLimit() {
        for (int i = 0; i < RetainedBudget.MAX_TOPICS + 5; i++) {
            budget.retain(new Topic("t/" + i), message("t/" + i, 1));
        }
        assertThat(budget.retainedOnTopic("t/+")).hasSize(RetainedBudget.MAX_TOPICS);
        // A topic already kept may still be replaced.
        budget.retain(new Topic("t/0"), message("t/0", 2));
        assertThat(budget.retainedOnTopic("t/0")).singleElement().satisfies(m -> assertThat(m.getPayload()).hasSize(2));
        assertThat(said).hasSize(1);
    }

    private static MqttPublishMessage message(String topic, int size) {
        return MqttMessageBuilders.publish().topicName(topic).retained(true).qos(MqttQoS.AT_LEAST_ONCE)
                .payload(Unpooled.wrappedBuffer(new byte[size])).messageId(1).build();
    }
}
