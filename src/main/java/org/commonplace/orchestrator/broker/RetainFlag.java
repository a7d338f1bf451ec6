package org.commonplace.orchestrator.broker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.function.Predicate;

/**
 * Sets the RETAIN flag on a retained QoS 1 or 2 message sent for a new subscription (MQTT 3.1.1
 * §3.3.1.3), which Moquette 0.17 always sends as not retained (QoS 0 ones it sends right). Moquette
 * wraps the payload array that {@link RetainedBudget} handed it for that subscription, and the
 * PUBLISH it builds still has that array: so a PUBLISH whose payload is one of those arrays is
 * retained, and any other (a live message, even one published retained) is not, as the rule says.
 * Sits in each connection's pipeline, on its I/O thread.
 */
@Sharable
final class RetainFlag extends ChannelOutboundHandlerAdapter {
    private final Predicate<byte[]> handedOut;

    /** @param handedOut whether an array is the payload of a retained message handed out for a subscription */
    RetainFlag(Predicate<byte[]> handedOut) {
        this.handedOut = handedOut;
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof MqttPublishMessage publish && !publish.fixedHeader().isRetain() && isHandedOut(publish.payload())) {
            MqttFixedHeader header = publish.fixedHeader();
            message = new MqttPublishMessage(new MqttFixedHeader(header.messageType(), header.isDup(), header.qosLevel(), true,
                    header.remainingLength()), publish.variableHeader(), publish.payload());
        }
        context.write(message, promise);
    }

    private boolean isHandedOut(ByteBuf payload) {
        return payload.hasArray() && payload.array().length > 0 && handedOut.test(payload.array());
    }
}
