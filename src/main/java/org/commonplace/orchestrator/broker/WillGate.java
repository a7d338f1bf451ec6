package org.commonplace.orchestrator.broker;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses a CONNECT whose will goes to a topic the ACL does not let its client write, as mosquitto
 * does (CONNACK 5, not authorized, and the connection closed). Moquette 0.17 publishes a will without
 * asking its ACL, so a client could make the broker publish, when it dies, where it may not publish
 * itself (a {@code cmd} topic, another instance's state). Sits in each connection's pipeline just
 * before Moquette's handler; the user name is the one the CONNECT claims (Moquette then checks its
 * password, so a refusal here is never less strict).
 */
@Sharable
final class WillGate extends ChannelInboundHandlerAdapter {
    private final IAuthorizatorPolicy acl;

    WillGate(IAuthorizatorPolicy acl) {
        this.acl = acl;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        if (message instanceof MqttConnectMessage connect && connect.variableHeader().isWillFlag()) {
            String user = connect.variableHeader().hasUserName() ? connect.payload().userName() : null;
            String topic = connect.payload().willTopic();
            if (topic == null || !acl.canWrite(new Topic(topic), user, connect.payload().clientIdentifier())) {
                ReferenceCountUtil.release(message);
                context.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED)
                        .sessionPresent(false).build()).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.channelRead(context, message);
    }
}
