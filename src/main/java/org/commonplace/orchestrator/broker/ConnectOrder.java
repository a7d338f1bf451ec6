package org.commonplace.orchestrator.broker;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Hands Moquette 0.17 a connection's packets only once it is ready for them. Moquette handles a
 * CONNECT on a session loop, writes the CONNACK from there, and only then, in a listener that the
 * connection's own I/O thread may run later, marks the connection connected; every packet it reads
 * before that is mishandled: a SUBSCRIBE closes the connection ("SUBSCRIBE received on already closed
 * connection": the client sees EOF), a DISCONNECT is ignored (so its will is published all the same),
 * a PUBLISH or PUBACK may be dropped or close the connection. A client that sends at once after its
 * CONNACK (or before, as MQTT 3.1.1 §3.1.4 allows) met it whenever the session loop's thread was
 * slow to add that listener: on a loaded machine, a test client's reconnection. And a second CONNECT
 * of the same client id, read while the first is still half done, let the first one's late listener
 * take the session that the second had just taken over, and the second was then closed.
 *
 * <p>So, one per connection, just before Moquette's handler: after a CONNECT, whatever else the
 * connection sends waits here (reading paused) until Moquette calls the connection connected, or it
 * closes; and a CONNECT waits while another connection's CONNECT of the same client id is half done.
 * Runs on the connection's I/O thread; what waits is at most {@link #MAX_WAITING} packets.
 */
final class ConnectOrder extends ChannelInboundHandlerAdapter {
    /** Packets held for one connection while its CONNECT is half done; a client sending more is closed. */
    static final int MAX_WAITING = 4096;
    /** How long a CONNECT may stay half done (Moquette's session loop full, say) before its connection is closed. */
    static final long MAX_CONNECTING_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** When a waiting connection first looks again (the wait is normally well under a millisecond); each later look waits twice as long. */
    private static final long FIRST_RECHECK_MICROS = 500;
    /** The longest wait between two looks (a CONNECT Moquette never answers is looked at for 30 s, not spun on). */
    private static final long MAX_RECHECK_MICROS = 50_000;

    /** Which connection has a CONNECT half done, by client id: shared by every connection of one broker. */
    static final class Connecting {
        private final ConcurrentMap<String, Channel> byClientId = new ConcurrentHashMap<>();
        private final Method isConnected;

        /** @throws ReflectiveOperationException when Moquette is not the version this was written for */
        Connecting() throws ReflectiveOperationException {
            isConnected = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredMethod("isConnected");
            isConnected.setAccessible(true);
        }

        /** {@return whether Moquette's connection on {@code channel} is connected (its CONNACK listener has run)} */
        boolean connected(Channel channel) {
            Object connection = channel.attr(CONNECTION).get();
            try {
                return connection != null && (boolean) isConnected.invoke(connection);
            } catch (ReflectiveOperationException e) {
                return true; // cannot tell: let everything through, as Moquette alone would
            }
        }

        int size() {
            return byClientId.size();
        }
    }

    /** Where Moquette's {@code NewNettyMQTTHandler} keeps the channel's connection. */
    private static final AttributeKey<Object> CONNECTION = AttributeKey.valueOf("connection");

    private enum State { BEFORE_CONNECT, CONNECT_WAITING, CONNECTING, OPEN }

    private final Connecting connecting;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private State state = State.BEFORE_CONNECT;
    /** The client id this connection holds in {@link Connecting}, or null. */
    private String holding;
    private long since;
    private boolean rechecking;
    private long recheckMicros = FIRST_RECHECK_MICROS;

    ConnectOrder(Connecting connecting) {
        this.connecting = connecting;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        switch (state) {
            case OPEN -> context.fireChannelRead(message);
            case BEFORE_CONNECT -> {
                if (message instanceof MqttConnectMessage) {
                    state = State.CONNECT_WAITING;
                    since = System.nanoTime();
                    hold(context, message);
                    advance(context);
                } else {
                    context.fireChannelRead(message); // Moquette closes a connection that does not start with CONNECT
                }
            }
            default -> hold(context, message);
        }
    }

    private void hold(ChannelHandlerContext context, Object message) {
        if (waiting.size() >= MAX_WAITING) {
            ReferenceCountUtil.release(message);
            context.close();
            return;
        }
        waiting.add(message);
        context.channel().config().setAutoRead(false);
    }

    /** Moves on as far as it can now; if it must wait, looks again shortly. */
    private void advance(ChannelHandlerContext context) {
        if (!context.channel().isActive()) {
            return; // channelInactive lets go of everything
        }
        if (state == State.CONNECT_WAITING) {
            var connect = (MqttConnectMessage) waiting.peek();
            String id = connect.payload().clientIdentifier();
            // An empty id gets a fresh one from Moquette: no other connection can have it.
            if (id == null || id.isEmpty() || take(id, context.channel())) {
                state = State.CONNECTING;
                context.fireChannelRead(waiting.poll());
            }
        }
        if (state == State.CONNECTING && connecting.connected(context.channel())) {
            state = State.OPEN;
            release(context.channel());
            while (!waiting.isEmpty() && context.channel().isActive()) {
                context.fireChannelRead(waiting.poll());
            }
            context.fireChannelReadComplete();
            context.channel().config().setAutoRead(true);
            return;
        }
        if (System.nanoTime() - since > MAX_CONNECTING_NANOS) {
            context.close();
            return;
        }
        if (!rechecking) {
            rechecking = true;
            context.executor().schedule(() -> {
                rechecking = false;
                advance(context);
            }, recheckMicros, TimeUnit.MICROSECONDS);
            recheckMicros = Math.min(MAX_RECHECK_MICROS, recheckMicros * 2);
        }
    }

    /** {@return whether {@code channel} now holds {@code id}: no other open connection has its CONNECT half done} */
    private boolean take(String id, Channel channel) {
        Channel other = connecting.byClientId.putIfAbsent(id, channel);
        if (other == null || other == channel) {
            holding = id;
            return true;
        }
        if (!other.isActive() && connecting.byClientId.replace(id, other, channel)) {
            holding = id;
            return true;
        }
        return false;
    }

    private void release(Channel channel) {
        if (holding != null) {
            connecting.byClientId.remove(holding, channel);
            holding = null;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (state == State.OPEN || state == State.BEFORE_CONNECT) {
            context.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        release(context.channel());
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
        super.channelInactive(context);
    }
}
